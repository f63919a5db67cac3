import type { CaseEvent, CaseReceived, ClockSuspended } from '@gov/domain';
import type { NotificationKind } from './notification-templates';

/** The events an applicant is told of. */
export const NOTIFIED_EVENT_TYPES = ['CaseReceived', 'MaterialsRequested', 'ClockSuspended', 'ClockResumed', 'FeeAssessed', 'CaseCompleted', 'CaseOverdue'] as const;

/**
 * Which notification an event makes, if any. A request for materials stops the clock too: the
 * applicant hears of the request, not a second time of the stop.
 */
export function notificationKindOf(event: Pick<CaseEvent, 'type' | 'data'>): NotificationKind | null {
  switch (event.type) {
    case 'CaseReceived': return 'receipt';
    case 'MaterialsRequested': return 'materials-requested';
    case 'ClockSuspended': return (event.data as ClockSuspended['data']).reason === 'supplement' ? null : 'suspended';
    case 'ClockResumed': return 'resumed';
    case 'FeeAssessed': return 'fee-assessed';
    case 'CaseCompleted': return 'completed';
    case 'CaseOverdue': return 'overdue-apology';
    default: return null;
  }
}

/** The template's parameters for the event, from the event and the case's receipt: nothing personal. */
export function notificationParams(
  kind: NotificationKind, event: Pick<CaseEvent, 'type' | 'data'>, receipt: CaseReceived['data'], extra: { queryCode: string; labels: Labels },
): Record<string, string> {
  const common = { caseNo: receipt.caseNo, item: receipt.item.name };
  const data = event.data as unknown as Record<string, unknown>;
  switch (kind) {
    case 'receipt': return { ...common, queryCode: extra.queryCode, dueDate: receipt.dueDate };
    case 'materials-requested': return { ...common, materials: (data.materials as string[]).join('、'), note: data.note ? `${String(data.note)}。` : '' };
    case 'suspended': return { ...common, reason: extra.labels.suspensionReasons[String(data.reason)] ?? String(data.reason) };
    case 'resumed': return { ...common, dueDate: String(data.dueDate) };
    case 'fee-assessed': return { ...common, totalYuan: (Number(data.totalFen) / 100).toFixed(2), noticeNo: `JK-${receipt.caseNo}` };
    case 'completed': return { ...common, outcome: extra.labels.outcomes[String(data.outcome)] ?? String(data.outcome), collection: extra.labels.collection[receipt.channel] ?? '' };
    case 'overdue-apology': return { ...common, dueDate: String(data.dueDate) };
  }
}

export interface Labels {
  readonly outcomes: Readonly<Record<string, string>>;
  readonly collection: Readonly<Record<string, string>>;
  readonly suspensionReasons: Readonly<Record<string, string>>;
}
