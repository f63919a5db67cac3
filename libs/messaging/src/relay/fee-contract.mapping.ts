import type { FeeReduced, FeeRefunded } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import { CaseEventTypes, CaseRefV1, FeeReducedV1, FeeRefundedV1 } from '../contracts/case-events.v1';
import type { IntegrationEvent } from '../integration-event';

/** The fee events with a public form: reductions (减免) and refunds (退费); assessments and payments stay inside. */
export const PUBLISHED_FEE_EVENT_TYPES: readonly string[] = ['FeeReduced', 'FeeRefunded'];

/**
 * A fee event's public form, or null. Named fields only: the legal basis the head typed, the
 * refund's reason and the bank's receipt number stay inside.
 */
export function feeIntegrationEvent(event: StoredEvent, ref: CaseRefV1, envelope: (type: string, data: object) => IntegrationEvent): IntegrationEvent | null {
  switch (event.type) {
    case 'FeeReduced': {
      const d = event.data as FeeReduced['data'];
      const reductions = d.reductions.map(({ feeCode, standardAmountFen, amountFen }) => ({ feeCode, standardAmountFen, amountFen }));
      const totalFen = reductions.reduce((sum, line) => sum + line.amountFen, 0);
      const data: FeeReducedV1 = {
        ...ref, approvedBy: d.approvedBy, reducedAt: d.at, reductions,
        standardTotalFen: reductions.reduce((sum, line) => sum + line.standardAmountFen, 0), totalFen, waived: totalFen === 0,
      };
      return envelope(CaseEventTypes.feeReduced, data);
    }
    case 'FeeRefunded': {
      const d = event.data as FeeRefunded['data'];
      const data: FeeRefundedV1 = { ...ref, amountFen: d.amountFen, refundedAt: d.at };
      return envelope(CaseEventTypes.feeRefunded, data);
    }
    default:
      return null;
  }
}
