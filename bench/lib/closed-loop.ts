import autocannon from 'autocannon';
import type { BenchTokens } from './bench-tokens';
import { CASE_STEPS, JSON_HEADERS, RECEIVE_BODY, RECEIVE_PATH, stepBody } from './case-flow';

/**
 * Closed loop with autocannon: each connection receives a case, then posts each step of its
 * life in order (the case number from the receipt's answer is kept in the connection's
 * context), then starts over with a new case.
 */
export function caseLifeRequests(tokens: BenchTokens): autocannon.Request[] {
  return [
    {
      method: 'POST', path: RECEIVE_PATH, headers: { ...JSON_HEADERS, authorization: tokens.clerk }, body: RECEIVE_BODY,
      onResponse: (status, body, context) => {
        if (status === 201) context.caseNo = (JSON.parse(body) as { caseNo: string }).caseNo;
      },
    },
    ...CASE_STEPS.map((step): autocannon.Request => ({
      method: 'POST',
      headers: { ...(step.body === undefined ? {} : JSON_HEADERS), authorization: tokens[step.caller] },
      setupRequest: (request, context) => {
        const body = stepBody(step, String(context.caseNo));
        return { ...request, path: `/api/cases/${String(context.caseNo)}/${step.action}`, ...(body === undefined ? {} : { body }) };
      },
    })),
  ];
}

export interface ClosedLoopResult {
  readonly commandsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly total: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly statusCodes: Readonly<Record<string, number>>;
}

export async function closedLoop(url: string, tokens: BenchTokens, connections: number, seconds: number, overallRate?: number): Promise<ClosedLoopResult> {
  const result = await autocannon({
    url, connections, duration: seconds, requests: caseLifeRequests(tokens), timeout: 30, ...(overallRate ? { overallRate } : {}),
  });
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]));
  return {
    commandsPerSecond: (result.requests.total - result.non2xx) / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    p999Ms: result.latency.p99_9,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
  };
}
