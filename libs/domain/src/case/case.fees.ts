import { FeeCatalogState, FeeLine } from '../catalog';
import { DomainEvent, rule } from '../shared';
import * as rules from './case.rules';
import { CaseRecord } from './case.types';

/**
 * A lawful reduction or exemption (减免): fees below the catalog's standard amount, charged on
 * the legal basis that allows it and approved by the department's head, who sends it. Recorded,
 * not refused as 乱收费: a fee above the standard still is.
 */
export type AssessReducedFee = {
  readonly type: 'AssessReducedFee';
  readonly data: {
    readonly fees: readonly FeeLine[]; readonly feeCatalog: FeeCatalogState;
    /** The provision that allows the reduction (e.g. 《行政事业性收费减免办法》第X条). */
    readonly legalBasis: string;
    /** The department head who approved it: the caller's token subject, never the body. */
    readonly approvedBy: string;
  };
};

/** The bank returns (part of) a paid fee (退费), under its own receipt number, for a reason. */
export type RefundFee = {
  readonly type: 'RefundFee';
  readonly data: { readonly amountFen: number; readonly bankReceiptNo: string; readonly reason: string };
};

export interface FeeReduction {
  readonly feeCode: string;
  readonly standardAmountFen: number;
  readonly amountFen: number;
}

export type FeeReduced = DomainEvent<'FeeReduced', {
  readonly at: string;
  readonly legalBasis: string;
  readonly approvedBy: string;
  /** Every fee line, at the standard and at the amount charged. */
  readonly reductions: readonly FeeReduction[];
}>;
export type FeeRefunded = DomainEvent<'FeeRefunded', { readonly at: string; readonly amountFen: number; readonly bankReceiptNo: string; readonly reason: string }>;

/** A reduced fee is one of the catalog's, at most its standard amount; and at least one is reduced, else it is a plain assessment. */
export function reducedFeesMustFollowTheFeeCatalog(fees: readonly FeeLine[], catalog: FeeCatalogState): FeeReduction[] {
  const reductions = fees.map((fee) => {
    const entry = catalog.entries.get(fee.feeCode);
    rule('FeeMustBeInFeeCatalog', 'FEE.NOT_IN_CATALOG', 'unprocessable', Boolean(entry),
      `fee ${fee.feeCode} is not in the national or provincial fee catalog`, { feeCode: fee.feeCode });
    const standardAmountFen = entry!.standardAmountFen;
    rule('ReducedFeeMustNotExceedTheStandard', 'FEE.ABOVE_STANDARD_AMOUNT', 'unprocessable', fee.amountFen <= standardAmountFen,
      `fee ${fee.feeCode} may be reduced below its standard amount of ${standardAmountFen} fen, never raised to ${fee.amountFen}`,
      { feeCode: fee.feeCode, standardAmountFen, amountFen: fee.amountFen });
    return { feeCode: fee.feeCode, standardAmountFen, amountFen: fee.amountFen };
  });
  rule('ReductionMustReduceAFee', 'FEE.NOTHING_REDUCED', 'unprocessable', reductions.some((line) => line.amountFen < line.standardAmountFen),
    'every fee is at its standard amount: assess it as it is (assess-fee)');
  return reductions;
}

export function assessReducedFee(state: CaseRecord, command: AssessReducedFee, at: string) {
  rules.feeIsAssessedOnce(state);
  rules.feesMustBeDeclaredOnTheItem(state, command.data.fees.map((fee) => fee.feeCode));
  const reductions = reducedFeesMustFollowTheFeeCatalog(command.data.fees, command.data.feeCatalog);
  const totalFen = command.data.fees.reduce((sum, fee) => sum + fee.amountFen, 0);
  return [
    { type: 'FeeReduced' as const, data: { at, legalBasis: command.data.legalBasis, approvedBy: command.data.approvedBy, reductions } },
    { type: 'FeeAssessed' as const, data: { at, fees: command.data.fees, totalFen } },
  ];
}

export function feeMustBePaidBeforeRefund(state: CaseRecord): void {
  rule('FeeMustBePaidBeforeRefund', 'CASE.FEE_NOT_PAID', 'conflict', state.feePaid, `case ${state.caseNo} has no paid fee to refund`);
}

export function refundMustNotExceedThePayment(state: CaseRecord, amountFen: number): void {
  const paidFen = state.fee?.totalFen ?? 0;
  const refundedFen = state.refundedFen ?? 0;
  rule('RefundMustNotExceedThePayment', 'FEE.REFUND_EXCEEDS_PAYMENT', 'unprocessable', refundedFen + amountFen <= paidFen,
    `case ${state.caseNo} paid ${paidFen} fen and has ${refundedFen} fen refunded: ${amountFen} fen more is too much`,
    { paidFen, refundedFen, amountFen });
}

/**
 * A refund may follow the case's end (a refusal, a withdrawal): it is not a step of an open case.
 * The bank notifying a refund again, under the receipt already recorded, records nothing.
 */
export function refundFee(state: CaseRecord, command: RefundFee, at: string) {
  if (state.refundReceipts?.includes(command.data.bankReceiptNo)) return [];
  feeMustBePaidBeforeRefund(state);
  refundMustNotExceedThePayment(state, command.data.amountFen);
  return [{ type: 'FeeRefunded' as const, data: { at, ...command.data } }];
}
