import { rule } from '../shared';
import { CaseRecord } from './case.types';

/** How the decision reached the applicant (送达): collected at the window, posted (with the tracking number), or online. */
export const DELIVERY_METHODS = ['window', 'post', 'online'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

export type RecordDelivery = {
  readonly type: 'RecordDelivery';
  readonly data: { readonly method: DeliveryMethod; readonly trackingNo: string | null; readonly deliveredAt: string };
};

/**
 * 送达 is recorded once, for a completed case, with when it happened (which may be before it is
 * recorded, not after); a posted decision names its tracking number.
 */
export function recordDelivery(command: RecordDelivery, state: CaseRecord, at: string) {
  const { method, trackingNo, deliveredAt } = command.data;
  rule('DeliveryFollowsTheDecision', 'CASE.NOT_COMPLETED', 'conflict', state.status === 'completed', `case ${state.caseNo} has no decision to deliver yet`);
  rule('ADecisionIsDeliveredOnce', 'CASE.ALREADY_DELIVERED', 'conflict', !state.delivered, `case ${state.caseNo}'s decision is already delivered`);
  rule('PostNamesItsTrackingNumber', 'CASE.TRACKING_NO_REQUIRED', 'unprocessable', method !== 'post' || Boolean(trackingNo), 'a posted decision needs its tracking number');
  rule('DeliveryIsNotInTheFuture', 'CASE.DELIVERY_IN_FUTURE', 'unprocessable', Date.parse(deliveredAt) <= Date.parse(at), 'a delivery cannot be recorded before it happens');
  return [{ type: 'DecisionDelivered' as const, data: { at, method, trackingNo: method === 'post' ? trackingNo : null, deliveredAt } }];
}
