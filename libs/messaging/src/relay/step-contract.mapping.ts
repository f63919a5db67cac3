import type { StepCompleted, StepOverran, StepReturned, StepStarted, StepWarned } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import {
  CaseEventTypes, CaseRefV1, StepCompletedV1, StepOverranV1, StepReturnedV1, StepStartedV1, StepWarnedV1,
} from '../contracts/case-events.v1';
import type { IntegrationEvent } from '../integration-event';

/** The step events with a public form (issue 24); assignment, claims, transfers and delegations stay inside. */
export const PUBLISHED_STEP_EVENT_TYPES: readonly string[] = ['StepStarted', 'StepCompleted', 'StepReturned', 'StepWarned', 'StepOverran'];

/** A step event's public form, or null. Named fields only: no reasons or opinions' text leave the engine. */
export function stepIntegrationEvent(event: StoredEvent, ref: CaseRefV1, envelope: (type: string, data: object) => IntegrationEvent): IntegrationEvent | null {
  switch (event.type) {
    case 'StepStarted': {
      const d = event.data as StepStarted['data'];
      const data: StepStartedV1 = {
        ...ref, stepId: d.stepId, stepDepartmentId: d.departmentId, stepName: d.name, kind: d.kind, role: d.role, limitDays: d.limitDays,
        remoteAllowed: d.remoteAllowed, startedAt: d.at, dueDate: d.dueDate, dueAt: d.dueAt,
      };
      return envelope(CaseEventTypes.stepStarted, data);
    }
    case 'StepCompleted': {
      const d = event.data as StepCompleted['data'];
      const data: StepCompletedV1 = {
        ...ref, stepId: d.stepId, stepDepartmentId: ref.departmentId, staffId: d.staffId, opinion: d.opinion, completedAt: d.at,
        workingDaysTaken: d.workingDaysTaken, late: d.late, workingDaysLate: d.workingDaysLate,
      };
      return envelope(CaseEventTypes.stepCompleted, data);
    }
    case 'StepReturned': {
      const d = event.data as StepReturned['data'];
      const data: StepReturnedV1 = { ...ref, stepId: d.stepId, stepDepartmentId: ref.departmentId, staffId: d.staffId, toStepId: d.toStepId, returnedAt: d.at };
      return envelope(CaseEventTypes.stepReturned, data);
    }
    case 'StepWarned': {
      const d = event.data as StepWarned['data'];
      const data: StepWarnedV1 = { ...ref, stepId: d.stepId, stepDepartmentId: d.departmentId, holder: d.holder, warnedAt: d.at, dueDate: d.dueDate, dueAt: d.dueAt };
      return envelope(CaseEventTypes.stepWarned, data);
    }
    case 'StepOverran': {
      const d = event.data as StepOverran['data'];
      const data: StepOverranV1 = { ...ref, stepId: d.stepId, stepDepartmentId: d.departmentId, holder: d.holder, overranAt: d.at, dueDate: d.dueDate, dueAt: d.dueAt };
      return envelope(CaseEventTypes.stepOverran, data);
    }
    default:
      return null;
  }
}
