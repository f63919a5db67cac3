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
  /** Undefined: the step is posted without a body. */
  readonly body: string | undefined;
}

export const CASE_STEPS: readonly CaseStep[] = [
  { action: 'assess-fee', body: JSON.stringify({ fees: [{ feeCode: 'F-BDC-ZZ', amountFen: 8000 }, { feeCode: 'F-BDC-GBF', amountFen: 1000 }] }) },
  { action: 'pay-fee', body: JSON.stringify({ amountFen: 9000, method: 'bank-counter', bankReceiptNo: 'R1' }) },
  { action: 'suspend', body: JSON.stringify({ reason: 'expert-review' }) },
  { action: 'resume', body: undefined },
  { action: 'complete', body: JSON.stringify({ outcome: 'approved', decision: 'ok' }) },
  { action: 'rate', body: JSON.stringify({ level: 'satisfied' }) },
];

export const COMMANDS_PER_CASE = 1 + CASE_STEPS.length;

export const JSON_HEADERS: Readonly<Record<string, string>> = { 'content-type': 'application/json' };

export function stepPath(caseNo: string, step: CaseStep): string {
  return `/api/cases/${caseNo}/${step.action}`;
}
