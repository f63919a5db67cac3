/**
 * The command mix of the HTTP benchmark: receive a case at the 不动产登记 window, then every
 * step of its life, each on its own route (README, API table). Seven commands a case.
 */
export const RECEIVE_PATH = '/api/cases';

export const RECEIVE_BODY = JSON.stringify({
  itemCode: 'ZRZY-001', channel: 'window', windowId: 'w-zrzy', applicant: { kind: 'person', name: '张三' }, materials: ['申请书'],
});

export interface CaseStep {
  readonly action: string;
  /** Who posts it: the window's clerk, the bank confirming the fee, or the online portal relaying the applicant's rating. */
  readonly caller: 'clerk' | 'bank' | 'portal';
  /** Undefined: the step is posted without a body; a function: the body names the case (a bank receipt pays one case). */
  readonly body: string | undefined | ((caseNo: string) => string);
}

export const CASE_STEPS: readonly CaseStep[] = [
  { action: 'assess-fee', caller: 'clerk', body: JSON.stringify({ fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }] }) },
  { action: 'pay-fee', caller: 'bank', body: (caseNo) => JSON.stringify({ amountFen: 9000, method: 'bank-counter', bankReceiptNo: `R-${caseNo}` }) },
  { action: 'suspend', caller: 'clerk', body: JSON.stringify({ reason: 'expert-review' }) },
  { action: 'resume', caller: 'clerk', body: undefined },
  { action: 'complete', caller: 'clerk', body: JSON.stringify({ outcome: 'approved', decision: 'ok' }) },
  { action: 'rate', caller: 'portal', body: JSON.stringify({ level: 'satisfied' }) },
];

export const COMMANDS_PER_CASE = 1 + CASE_STEPS.length;

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json' };

export function stepBody(step: CaseStep, caseNo: string): string | undefined {
  return typeof step.body === 'function' ? step.body(caseNo) : step.body;
}

export function stepPath(caseNo: string, step: CaseStep): string {
  return `/api/cases/${caseNo}/${step.action}`;
}
