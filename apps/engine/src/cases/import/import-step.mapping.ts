import type { CaseCommand, FeeCatalogState } from '@gov/domain';
import type { ImportStepDto } from './import-cases.request.dto';

/** Translates an imported step into the same domain command its live endpoint sends. */
export function stepToCommand(step: ImportStepDto, feeCatalog: FeeCatalogState): CaseCommand {
  const s = step as Required<ImportStepDto>;
  switch (step.action) {
    case 'not-accept': return { type: 'NotAcceptCase', data: { reason: s.reason } };
    case 'request-materials': return { type: 'RequestMaterials', data: { materials: s.materials, note: step.note ?? null } };
    case 'supply-materials': return { type: 'SupplyMaterials', data: { materials: s.materials } };
    case 'suspend': return { type: 'SuspendClock', data: { reason: s.suspendReason, note: step.note ?? null } };
    case 'resume': return { type: 'ResumeClock', data: {} };
    case 'escalate': return { type: 'EscalateCase', data: { limitDays: s.limitDays, approver: s.approver, reason: s.reason } };
    case 'assess-fee':
      return { type: 'AssessFee', data: { fees: s.fees.map((f) => ({ feeCode: f.feeCode, amountFen: f.amountFen })), feeCatalog } };
    case 'pay-fee': return { type: 'PayFee', data: { amountFen: s.amountFen, method: s.method, bankReceiptNo: s.bankReceiptNo } };
    case 'complete': return { type: 'CompleteCase', data: { outcome: s.outcome, decision: s.decision } };
    case 'withdraw': return { type: 'WithdrawCase', data: { reason: s.reason } };
    case 'rate': return { type: 'RateCase', data: { level: s.level, comment: step.comment ?? null } };
  }
}
