import type { CaseCommand, FeeCatalogState, ReceiveCase } from '@gov/domain';
import type { ImportStepDto } from './import-cases.request.dto';

/**
 * Translates an imported step into the same domain command its live endpoint sends; step commands are
 * marked legacy: today's roster does not judge who held or decided a step in the old system.
 */
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
    case 'claim-step': return { type: 'ClaimStep', data: { stepId: s.stepId, staffId: s.staffId, legacy: true } };
    case 'complete-step':
      return { type: 'CompleteStep', data: { stepId: s.stepId, staffId: s.staffId, opinion: s.opinion, reasons: step.reasons ?? null, decision: step.reasons ?? null, legacy: true } };
    case 'return-step': return { type: 'ReturnStep', data: { stepId: s.stepId, staffId: s.staffId, toStepId: s.toStepId, reason: s.reason } };
    case 'transfer-step': return { type: 'TransferStep', data: { stepId: s.stepId, staffId: s.staffId, to: { staffId: s.toStaffId }, reason: s.reason, legacy: true } };
    case 'delegate-step': return { type: 'DelegateStep', data: { stepId: s.stepId, staffId: s.staffId, to: s.toStaffId, reason: s.reason, legacy: true } };
  }
}

/**
 * A legacy history that carries no steps is imported as one step, as before steps existed: its
 * receipt is decided under the item version without its steps, so the case runs none.
 */
export function asOneStep(receive: ReceiveCase, steps: readonly ImportStepDto[]): ReceiveCase {
  const item = receive.data.item;
  if (steps.some((step) => step.action.endsWith('-step')) || item.status === 'none' || !item.current.steps) return receive;
  const { steps: _steps, ...withoutSteps } = item.current;
  return { ...receive, data: { ...receive.data, item: { ...item, current: withoutSteps } } };
}
