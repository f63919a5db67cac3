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
    // 行政许可法 §42 and 容缺受理: what the applicant is told.
    extension: state.extension ?? null,
    gaps: state.gaps ?? null,
  };
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
