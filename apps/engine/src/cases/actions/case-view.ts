import { CaseRecord } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';

/** The case as the API shows it: its state, and on request its history. */
export function caseView(state: CaseRecord) {
  return {
    caseNo: state.caseNo,
    status: state.status,
    item: { code: state.item.code, version: state.item.version, name: state.item.name, category: state.item.category,
      departmentId: state.item.departmentId },
    acceptedDate: state.acceptedDate,
    limitDays: state.limitDays,
    dueDate: state.dueDate,
    dueAt: state.dueAt,
    suspendedWorkingDays: state.suspendedWorkingDays,
    suspension: state.suspension,
    materialsRequested: state.materialsRequested,
    special: state.special,
    fee: state.fee,
    feePaid: state.feePaid,
    rating: state.rating,
    // A case that runs steps (issue 24) shows the one it is at; null once its last step is done.
    ...(state.workflow ? { step: stepView(state.workflow.current) } : {}),
    // 行政许可法 §42 and 容缺受理: what the applicant is told.
    extension: state.extension ?? null,
    gaps: state.gaps ?? null,
  };
}

function stepView(step: NonNullable<CaseRecord['workflow']>['current']) {
  return step && {
    stepId: step.stepId, name: step.name, kind: step.kind, role: step.role, departmentId: step.departmentId, holder: step.holder, pool: step.pool,
    startedAt: step.startedAt, dueDate: step.dueDate, dueAt: step.dueAt, remoteAllowed: step.remoteAllowed,
  };
}

/**
 * Whether an open case is overdue (超期) at `now`: its due time has passed, or the watcher has
 * recorded it overdue for its current due time (which stays so while its clock is suspended).
 */
export function isOverdue(state: CaseRecord, now: string): boolean {
  if (state.status !== 'open' && state.status !== 'suspended') return false;
  return state.overdueFor === state.dueAt || (state.status === 'open' && Date.parse(state.dueAt) < Date.parse(now));
}

export function historyView(events: readonly StoredEvent[]) {
  return events.map((event) => ({
    revision: event.revision,
    position: event.position,
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredAt: event.metadata.occurredAt,
    recordedAt: event.recordedAt,
    actor: event.metadata.actor,
    correlationId: event.metadata.correlationId,
    data: event.data,
  }));
}
