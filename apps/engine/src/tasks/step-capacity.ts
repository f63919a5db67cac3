import type { StepRole } from '@gov/domain';

/**
 * The step roles a caller performs, by the role of their token: window staff accept, review
 * and deliver (the department's staff are its back office); the department head approves
 * (decision 0052). Their worklist shows these roles' pools in their department.
 */
export function capacityOf(role: string | undefined): readonly StepRole[] {
  if (role === 'window-staff') return ['window-staff', 'reviewer'];
  if (role === 'department-head') return ['approver'];
  return [];
}
