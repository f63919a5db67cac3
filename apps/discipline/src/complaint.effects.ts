import { AccountabilityActionV1, ComplaintEventTypes, ComplaintRefV1, IntegrationEvent, parseComplaintEventV1, RectificationRefV1 } from '@gov/messaging';

/**
 * What one complaint or rectification event changes in the discipline window's (纪检监察)
 * tables. Every event repeats the complaint's target and dates, so each one can write the
 * whole row: the row is right even if an earlier event was dead-lettered.
 */
export type ComplaintEffect =
  | {
    readonly kind: 'complaint-moved';
    readonly complaint: ComplaintRefV1;
    /** When it happened; the filing's time for `filed`. */
    readonly at: string;
    readonly substantiated?: boolean;
    readonly feedbackLate?: boolean;
  }
  | { readonly kind: 'accountability-recorded'; readonly complaintNo: string; readonly actions: readonly AccountabilityActionV1[] }
  | { readonly kind: 'rectification-moved'; readonly rectification: RectificationRefV1; readonly openedAt?: string; readonly answeredAt?: string; readonly late?: boolean };

export function isComplaintEffect(effect: { readonly kind: string }): effect is ComplaintEffect {
  return effect.kind === 'complaint-moved' || effect.kind === 'accountability-recorded' || effect.kind === 'rectification-moved';
}

/** Only the contract's reference fields: a payload may carry fields a later v1 added, which this read model does not know. */
function refOf(d: ComplaintRefV1): ComplaintRefV1 {
  return {
    complaintNo: d.complaintNo, category: d.category, channel: d.channel, departmentId: d.departmentId, windowId: d.windowId, staffId: d.staffId,
    caseNo: d.caseNo, itemCode: d.itemCode, filedDate: d.filedDate, feedbackBy: d.feedbackBy, status: d.status,
  };
}

function rectificationOf(d: RectificationRefV1): RectificationRefV1 {
  return { rectificationNo: d.rectificationNo, caseNo: d.caseNo, departmentId: d.departmentId, windowId: d.windowId, level: d.level, answerBy: d.answerBy };
}

/** Pure: the event in, the effects out; none for the case events (see discipline.effects.ts) or unknown types. */
export function complaintEffects(event: IntegrationEvent): ComplaintEffect[] {
  const parsed = parseComplaintEventV1(event);
  if (!parsed) return [];
  switch (parsed.type) {
    case ComplaintEventTypes.filed:
      return [{ kind: 'complaint-moved', complaint: refOf(parsed.data), at: parsed.data.filedAt }];
    case ComplaintEventTypes.accepted:
      return [{ kind: 'complaint-moved', complaint: refOf(parsed.data), at: parsed.data.acceptedAt }];
    case ComplaintEventTypes.declined:
      return [{ kind: 'complaint-moved', complaint: refOf(parsed.data), at: parsed.data.declinedAt }];
    case ComplaintEventTypes.investigationStarted:
      return [{ kind: 'complaint-moved', complaint: refOf(parsed.data), at: parsed.data.investigationStartedAt }];
    case ComplaintEventTypes.concluded:
      return [
        { kind: 'complaint-moved', complaint: refOf(parsed.data), at: parsed.data.concludedAt, substantiated: parsed.data.substantiated },
        { kind: 'accountability-recorded', complaintNo: parsed.data.complaintNo, actions: parsed.data.actions },
      ];
    case ComplaintEventTypes.feedbackGiven:
      return [{ kind: 'complaint-moved', complaint: refOf(parsed.data), at: parsed.data.feedbackGivenAt, feedbackLate: parsed.data.late }];
    case ComplaintEventTypes.rectificationOpened:
      return [{ kind: 'rectification-moved', rectification: rectificationOf(parsed.data), openedAt: parsed.data.openedAt }];
    case ComplaintEventTypes.rectificationAnswered:
      return [{ kind: 'rectification-moved', rectification: rectificationOf(parsed.data), answeredAt: parsed.data.answeredAt, late: parsed.data.late }];
  }
}
