import type {
  AccountabilityAction, ComplaintConcluded, ComplaintEvent, ComplaintFeedbackGiven, ComplaintFiled, RectificationAnswered, RectificationOpened,
} from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import {
  AccountabilityActionV1, ComplaintEventTypes, ComplaintRefV1, ComplaintStatusV1, RectificationRefV1,
} from '../contracts/complaint-events.v1';
import type { IntegrationEvent } from '../integration-event';
import { envelopeOf } from './envelope';

export const COMPLAINT_STREAM_PREFIX = 'complaint-';
export const RECTIFICATION_STREAM_PREFIX = 'rectification-';

/** What a complaint's filing recorded and every public complaint event repeats (no complainant: only the status moves). */
export type ComplaintFacts = Omit<ComplaintRefV1, 'status'>;
/** What a rectification's opening recorded: every public rectification event repeats it. */
export type RectificationFacts = RectificationRefV1;

/**
 * Named fields only, so nothing personal leaks by accident: the complainant (sealed in the
 * stored event, with their person id), the summary and the evidence stay inside.
 */
export function complaintFactsOf(filed: ComplaintFiled['data']): ComplaintFacts {
  const { target } = filed;
  return {
    complaintNo: filed.complaintNo, category: filed.category, channel: filed.channel, departmentId: target.departmentId,
    windowId: target.windowId, staffId: target.staffId, caseNo: target.caseNo, itemCode: target.itemCode, filedDate: filed.filedDate,
    feedbackBy: filed.feedbackBy,
  };
}

export function rectificationFactsOf(opened: RectificationOpened['data']): RectificationFacts {
  return {
    rectificationNo: opened.rectificationNo, caseNo: opened.caseNo, departmentId: opened.departmentId, windowId: opened.windowId,
    level: opened.level as RectificationRefV1['level'], answerBy: opened.answerBy,
  };
}

/** Internal complaint event types that have a public v1 form: all of them. */
export const PUBLISHED_COMPLAINT_EVENT_TYPES: ReadonlySet<string> = new Set<ComplaintEvent['type']>([
  'ComplaintFiled', 'ComplaintAccepted', 'ComplaintDeclined', 'ComplaintInvestigationStarted', 'ComplaintConcluded', 'ComplaintFeedbackGiven',
]);
export const PUBLISHED_RECTIFICATION_EVENT_TYPES: ReadonlySet<string> = new Set(['RectificationOpened', 'RectificationAnswered']);

/** The public form of each internal complaint event: its type, the status it leaves, and when it happened under which name. */
const COMPLAINT_FORMS: Record<ComplaintEvent['type'], { readonly type: string; readonly status: ComplaintStatusV1; readonly at: string }> = {
  ComplaintFiled: { type: ComplaintEventTypes.filed, status: 'filed', at: 'filedAt' },
  ComplaintAccepted: { type: ComplaintEventTypes.accepted, status: 'accepted', at: 'acceptedAt' },
  ComplaintDeclined: { type: ComplaintEventTypes.declined, status: 'declined', at: 'declinedAt' },
  ComplaintInvestigationStarted: { type: ComplaintEventTypes.investigationStarted, status: 'investigating', at: 'investigationStartedAt' },
  ComplaintConcluded: { type: ComplaintEventTypes.concluded, status: 'concluded', at: 'concludedAt' },
  ComplaintFeedbackGiven: { type: ComplaintEventTypes.feedbackGiven, status: 'feedback-given', at: 'feedbackGivenAt' },
};

/**
 * The internal complaint event → its public v1 form, on the `complaints` channel (null when it
 * is not published). Pure, like the case mapping: the same stored event gives the same message.
 * Reasons, notes, the investigator, findings and the feedback message are free text and stay inside.
 */
export function toComplaintIntegrationEvent(event: StoredEvent, facts: ComplaintFacts): IntegrationEvent | null {
  if (!PUBLISHED_COMPLAINT_EVENT_TYPES.has(event.type)) return null;
  const form = COMPLAINT_FORMS[event.type as ComplaintEvent['type']];
  const at = (event.data as { at: string }).at;
  const common = { ...facts, status: form.status, [form.at]: at };
  const data = event.type === 'ComplaintConcluded' ? concluded(common, event.data as ComplaintConcluded['data'])
    : event.type === 'ComplaintFeedbackGiven' ? { ...common, late: (event.data as ComplaintFeedbackGiven['data']).late }
    : common;
  return envelopeOf(event, 'complaints', facts.complaintNo, form.type, data);
}

function concluded(common: object, d: ComplaintConcluded['data']): object {
  return {
    ...common, concludedDate: d.concludedDate, substantiated: d.substantiated, workingDaysToConclusion: d.workingDaysToConclusion,
    actions: d.actions.map(publicAction),
  };
}

/** Who was held accountable by name stays inside; the role they hold travels. */
function publicAction(action: AccountabilityAction): AccountabilityActionV1 {
  switch (action.kind) {
    case 'admonish-department': return { kind: action.kind, departmentId: action.departmentId };
    case 'return-staff': return { kind: action.kind, staffId: action.staffId };
    case 'hold-accountable': return { kind: action.kind, role: action.role };
  }
}

/** A rectification event → its public v1 form on the `complaints` channel. The comment and the answer stay inside. */
export function toRectificationIntegrationEvent(event: StoredEvent, facts: RectificationFacts): IntegrationEvent | null {
  switch (event.type) {
    case 'RectificationOpened':
      return envelopeOf(event, 'complaints', facts.rectificationNo, ComplaintEventTypes.rectificationOpened,
        { ...facts, openedAt: (event.data as RectificationOpened['data']).at });
    case 'RectificationAnswered': {
      const d = event.data as RectificationAnswered['data'];
      return envelopeOf(event, 'complaints', facts.rectificationNo, ComplaintEventTypes.rectificationAnswered, { ...facts, answeredAt: d.at, late: d.late });
    }
    default:
      return null;
  }
}
