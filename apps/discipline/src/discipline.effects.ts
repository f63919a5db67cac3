import { CaseEventTypes, IntegrationEvent, parseCaseEventV1 } from '@gov/messaging';
import { ComplaintEffect, complaintEffects } from './complaint.effects';

/**
 * What one case event changes in the discipline window's (纪检监察) list of cases not
 * completed within the time limit (不按规定时限办结): the candidates it may act on.
 */
export type LateCaseEffect =
  | { readonly kind: 'overdue-flagged'; readonly caseNo: string; readonly departmentId: string; readonly windowId: string | null; readonly itemCode: string; readonly dueDate: string; readonly dueAt: string; readonly overdueAt: string }
  | { readonly kind: 'completed-late'; readonly caseNo: string; readonly departmentId: string; readonly windowId: string | null; readonly itemCode: string; readonly dueDate: string; readonly completedAt: string; readonly workingDaysLate: number }
  | { readonly kind: 'completed-in-time'; readonly caseNo: string; readonly completedAt: string }
  | { readonly kind: 'withdrawn'; readonly caseNo: string; readonly withdrawnAt: string };

/**
 * A red card makes a case a candidate while it stays open; completing it late keeps it, with
 * how late; withdrawing it keeps it too (it was overdue when withdrawn). A case completed in
 * time after all (its due date moved by a calendar correction) is cleared. Receipts, refusals
 * of acceptance and yellow cards change nothing here. Pure: the event in, the effects out.
 */
export function lateCaseEffects(event: IntegrationEvent): LateCaseEffect[] {
  const parsed = parseCaseEventV1(event);
  if (!parsed) return [];
  switch (parsed.type) {
    case CaseEventTypes.overdue: {
      const { caseNo, departmentId, windowId, itemCode, dueDate, dueAt, overdueAt } = parsed.data;
      return [{ kind: 'overdue-flagged', caseNo, departmentId, windowId, itemCode, dueDate, dueAt, overdueAt }];
    }
    case CaseEventTypes.completed: {
      const { caseNo, departmentId, windowId, itemCode, dueDate, completedAt, late, workingDaysLate } = parsed.data;
      return late
        ? [{ kind: 'completed-late', caseNo, departmentId, windowId, itemCode, dueDate, completedAt, workingDaysLate }]
        : [{ kind: 'completed-in-time', caseNo, completedAt }];
    }
    case CaseEventTypes.withdrawn:
      return [{ kind: 'withdrawn', caseNo: parsed.data.caseNo, withdrawnAt: parsed.data.withdrawnAt }];
    case CaseEventTypes.received:
    case CaseEventTypes.notAccepted:
    case CaseEventTypes.warned:
    case CaseEventTypes.stepStarted:
    case CaseEventTypes.stepCompleted:
    case CaseEventTypes.stepReturned:
    case CaseEventTypes.stepWarned:
    case CaseEventTypes.stepOverran:
    case CaseEventTypes.feeReduced:
    case CaseEventTypes.feeRefunded:
      return [];
  }
}

/** What the discipline window reads: late cases from the `cases` topic, complaints and rectifications from `complaints`. */
export type DisciplineEffect = LateCaseEffect | ComplaintEffect;

export function disciplineEffects(event: IntegrationEvent): DisciplineEffect[] {
  return [...lateCaseEffects(event), ...complaintEffects(event)];
}
