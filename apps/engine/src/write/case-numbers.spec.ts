import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RuleViolation } from '@gov/domain';
import { SqliteEventStore } from '@gov/event-store';
import { CaseNumbers } from './case-numbers';

/** Two API instances on one store, each with its own CaseNumbers; a receipt is an append that expects no stream. */
describe('CaseNumbers shared by several instances', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'case-numbers-'));
    store = SqliteEventStore.open({ file: path.join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const receiveAt = (numbers: CaseNumbers) => numbers.withNewNumber('ZRZY', '2026-11-27', async (caseNo) => {
    try {
      await store.append(`case-${caseNo}`, [{
        id: randomUUID(), type: 'CaseReceived', schemaVersion: 1, data: { caseNo },
        metadata: { occurredAt: '2026-11-27T02:00:00.000Z', correlationId: 'c', causationId: null, actor: { id: 'clerk', role: 'window_clerk' } },
      }], { expectedRevision: 'no_stream' });
    } catch {
      // What the decider says when the stream exists: the number is taken.
      throw new RuleViolation('CASE.ALREADY_EXISTS', 'CaseNumberUnique', `${caseNo} exists`, 'conflict');
    }
    return caseNo;
  });

  it('given another instance took a run of numbers, when this one clashes, then it skips past the whole run in one go', async () => {
    const a = new CaseNumbers(store);
    const b = new CaseNumbers(store);
    for (let i = 0; i < 20; i += 1) await receiveAt(a);
    expect(await receiveAt(b)).toBe('ZRZY-20261127-00021');
    // A's next guess (21) clashes once; then A takes 22..41 while B still guesses 22.
    for (let i = 0; i < 20; i += 1) await receiveAt(a);
    const appended = jest.spyOn(store, 'append');

    expect(await receiveAt(b)).toBe('ZRZY-20261127-00042');

    // One clash (22), then the number past A's run: not one attempt per number A took.
    expect(appended).toHaveBeenCalledTimes(2);
  });

  it('given two instances receiving at once, then every receipt gets a number and no number is given twice', async () => {
    const instances = [new CaseNumbers(store), new CaseNumbers(store)];
    const numbers = await Promise.all(Array.from({ length: 60 }, (_, i) => receiveAt(instances[i % 2])));
    expect(new Set(numbers).size).toBe(60);
  });

  it('given a receipt refused after later numbers were drawn, then its number is drawn next: no gap', async () => {
    const numbers = new CaseNumbers(store);
    let refuseFirst = true;
    const refusedOnce = (caseNo: string) => {
      if (refuseFirst) {
        refuseFirst = false;
        // The second receipt draws while the first is still being decided.
        return new Promise<string>((_, reject) => setImmediate(() => reject(new RuleViolation('ITEM.NOT_PUBLISHED', 'x', caseNo))));
      }
      return Promise.resolve(caseNo);
    };
    const first = numbers.withNewNumber('ZRZY', '2026-11-27', refusedOnce).catch(() => 'refused');
    const second = numbers.withNewNumber('ZRZY', '2026-11-27', refusedOnce);
    expect(await Promise.all([first, second])).toEqual(['refused', 'ZRZY-20261127-00002']);
    expect(await receiveAt(numbers)).toBe('ZRZY-20261127-00001');
    expect(await receiveAt(numbers)).toBe('ZRZY-20261127-00003');
  });
});
