import { removeDataDir, startEngine, TestEngine } from '../support/engine';

/**
 * Issue 26, item 5: a client retries while its first attempt is still queued. Requests with the
 * same Idempotency-Key sent at once make one case each key, and the case numbers stay
 * continuous (before: 120 gaps in 400 cases; the duplicates drew numbers of their own).
 */
const receipt = (n: number) => ({
  itemCode: 'SCJG-003', channel: 'window', windowId: 'w-scjg',
  applicant: { kind: 'person', name: `申请人${n}` }, materials: ['申请书'],
});

describe('simultaneous receipts with the same Idempotency-Key', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    // Hundreds at once: past the edge's admission limit, which is not what this is about.
    engine = await startEngine({ now: '2026-04-07T01:00:00.000Z', config: { maxInFlight: 10_000 } });
  });
  afterAll(async () => {
    await engine.close();
    removeDataDir(engine.dataDir);
  });

  it('given 100 keys each sent 4 times at once, then 100 cases numbered 1 to 100, every duplicate answered with its first answer', async () => {
    const KEYS = 100;
    const COPIES = 4;
    const sends = [];
    // Each key's copies side by side, so they pass the key's look-up together, as a retry of a queued request does.
    for (let n = 0; n < KEYS; n++) {
      for (let copy = 0; copy < COPIES; copy++) sends.push(engine.request('POST', '/api/cases', receipt(n), { 'idempotency-key': `race-key-${n}` }).then((answer) => ({ n, answer })));
    }
    const answers = await Promise.all(sends);
    expect(answers.filter(({ answer }) => answer.status !== 201)).toEqual([]);
    const caseNoOf = new Map<number, Set<string>>();
    for (const { n, answer } of answers) caseNoOf.set(n, (caseNoOf.get(n) ?? new Set()).add(answer.body.caseNo));
    for (const numbers of caseNoOf.values()) expect(numbers.size).toBe(1);
    const sequences = [...caseNoOf.values()].map((numbers) => Number([...numbers][0].slice(-5))).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: KEYS }, (_, i) => i + 1));
    const received = (await engine.store.readAll({ after: 0, limit: 100_000 })).filter((event) => event.type === 'CaseReceived');
    expect(received).toHaveLength(KEYS);
  });

  it('given receipts refused between accepted ones, then the receipts after them take the numbers the refused ones gave back', async () => {
    const sends = [];
    for (let n = 0; n < 60; n++) {
      // A window of another department: refused by the decider (422) after the number was drawn, same prefix.
      const body = n % 3 === 0 ? { ...receipt(n), windowId: 'w-zrzy' } : receipt(n);
      sends.push(engine.request('POST', '/api/cases', body, { 'idempotency-key': `mixed-key-${n}` }));
    }
    const answers = await Promise.all(sends);
    expect(answers.filter((answer) => answer.status !== 201).map((answer) => answer.status)).toEqual(Array(20).fill(422));
    // The refused receipts' numbers went back; the next receipts take them (a burst's refusals leave holes only until then).
    for (let n = 60; n < 80; n++) answers.push(await engine.request('POST', '/api/cases', receipt(n), { 'idempotency-key': `mixed-key-${n}` }));
    const accepted = answers.filter((answer) => answer.status === 201).map((answer) => Number(answer.body.caseNo.slice(-5))).sort((a, b) => a - b);
    expect(accepted).toEqual(Array.from({ length: 60 }, (_, i) => 101 + i));
  });
});
