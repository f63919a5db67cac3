import type {
  CaseCompleted, CaseNotAccepted, CaseOverdue, CaseReceived, CaseWarned, CaseWithdrawn,
} from '@gov/domain';
import { stepIntegrationEvent, PUBLISHED_STEP_EVENT_TYPES } from './step-contract.mapping';
import { feeIntegrationEvent, PUBLISHED_FEE_EVENT_TYPES } from './fee-contract.mapping';
import type { StoredEvent } from '@gov/event-store';
import {
  CaseCompletedV1, CaseEventTypes, CaseNotAcceptedV1, CaseOverdueV1, CaseReceivedV1, CaseRefV1,
  CaseWarnedV1, CaseWithdrawnV1,
} from '../contracts/case-events.v1';
import type { IntegrationEvent } from '../integration-event';
import { envelopeOf } from './envelope';

export const CASE_STREAM_PREFIX = 'case-';

/** Where a case is handled, as its receipt recorded it: every public case event carries it. */
export type CaseFacts = Omit<CaseRefV1, 'caseNo'>;

export function caseFactsOf(received: CaseReceived['data']): CaseFacts {
  return { departmentId: received.item.departmentId, windowId: received.windowId, itemCode: received.item.code };
}

/** Internal case event types that have a public v1 form; the others stay inside the engine. */
export const PUBLISHED_CASE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'CaseReceived', 'CaseNotAccepted', 'CaseWarned', 'CaseOverdue', 'CaseCompleted', 'CaseWithdrawn', ...PUBLISHED_STEP_EVENT_TYPES, ...PUBLISHED_FEE_EVENT_TYPES,
]);

/**
 * The internal case event → its public v1 form (or null when it is not published). Pure:
 * the same stored event always gives the same message, which the relay relies on when it
 * sends a batch again. Only named fields are copied, so nothing personal leaks by accident.
 */
export function toCaseIntegrationEvent(event: StoredEvent, facts: CaseFacts): IntegrationEvent | null {
  const caseNo = event.streamId.slice(CASE_STREAM_PREFIX.length);
  const ref: CaseRefV1 = { caseNo, ...facts };
  const envelope = (type: string, data: object): IntegrationEvent => envelopeOf(event, 'cases', caseNo, type, data);
  switch (event.type) {
    case 'CaseReceived': {
      const d = event.data as CaseReceived['data'];
      const data: CaseReceivedV1 = {
        ...ref, itemVersion: d.item.version, itemName: d.item.name, category: d.item.category, channel: d.channel,
        subCenterId: d.subCenterId, staffId: d.staffId, applicantKind: d.applicant.kind, receivedAt: d.at,
        acceptedDate: d.acceptedDate, limitDays: d.limitDays, dueDate: d.dueDate, dueAt: d.dueAt, ticketId: d.ticketId ?? null,
      };
      return envelope(CaseEventTypes.received, data);
    }
    case 'CaseNotAccepted': {
      const d = event.data as CaseNotAccepted['data'];
      const data: CaseNotAcceptedV1 = { ...ref, notAcceptedAt: d.at };
      return envelope(CaseEventTypes.notAccepted, data);
    }
    case 'CaseWarned': {
      const d = event.data as CaseWarned['data'];
      const data: CaseWarnedV1 = { ...ref, card: 'yellow', warnedAt: d.at, dueDate: d.dueDate, dueAt: d.dueAt };
      return envelope(CaseEventTypes.warned, data);
    }
    case 'CaseOverdue': {
      const d = event.data as CaseOverdue['data'];
      const data: CaseOverdueV1 = { ...ref, card: 'red', overdueAt: d.at, dueDate: d.dueDate, dueAt: d.dueAt };
      return envelope(CaseEventTypes.overdue, data);
    }
    case 'CaseCompleted': {
      const d = event.data as CaseCompleted['data'];
      const data: CaseCompletedV1 = {
        ...ref, outcome: d.outcome, completedAt: d.at, completedDate: d.completedDate, dueDate: d.dueDate,
        workingDaysTaken: d.workingDaysTaken, early: d.early, late: d.late, workingDaysLate: d.workingDaysLate,
      };
      return envelope(CaseEventTypes.completed, data);
    }
    case 'CaseWithdrawn': {
      const d = event.data as CaseWithdrawn['data'];
      const data: CaseWithdrawnV1 = { ...ref, withdrawnAt: d.at };
      return envelope(CaseEventTypes.withdrawn, data);
    }
    default:
      return stepIntegrationEvent(event, ref, envelope) ?? feeIntegrationEvent(event, ref, envelope);
  }
}
