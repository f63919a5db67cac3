import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type CaseReceived, recordedApplicant } from '@gov/domain';
import { SqliteEventStore, type StoredEvent } from '@gov/event-store';
import { CaseProjection } from '../cases/case.projection';
import { generateCaseHistories } from '../cases/testing/case-histories';
import { Projector } from '../projector';
import type { ReadModelStore } from '../store/read-model-store';
import { SqliteReadModelStore } from '../store/sqlite-read-model-store';

/**
 * Erasure (PIPL 删除) while the read models are rebuilt: a replay carries case rows from page
 * to page and writes them late, so a row folded before the erasure must not bring the masked
 * name back, whether the erasure is in the replayed log or arrives while the replay runs.
 */
const PAGE = 10;

function erasure(personId: string, at: string): Omit<StoredEvent, 'position' | 'recordedAt' | 'revision'> & { revision: number } {
  return {
    id: `erase-${personId}`, type: 'PersonalDataErased', schemaVersion: 1, streamId: `personal-data-${personId}`, revision: 0,
    data: { at, personId, reason: '本人申请删除' },
    metadata: { occurredAt: at, correlationId: 'erasure', causationId: null, actor: { id: 'admin', role: 'center-admin' } },
  };
}

async function append(events: SqliteEventStore, event: { streamId: string; revision: number; id: string; type: string; schemaVersion: number; data: unknown; metadata: StoredEvent['metadata'] }) {
  const { streamId, revision, id, type, schemaVersion, data, metadata } = event;
  await events.append(streamId, [{ id, type, schemaVersion, data, metadata }], { expectedRevision: revision === 0 ? 'no_stream' : revision - 1 });
}

describe('an erasure during a carried replay (projections:rebuild)', () => {
  let dir: string;
  const stores: ReadModelStore[] = [];
  const logs: SqliteEventStore[] = [];
  const { histories, log } = generateCaseHistories(22, 40);
  // The case whose events span most of the log: its row is folded pages before the erasure (in its span's middle) and changed after it.
  const span = (caseNo: string) => {
    const positions = log.filter((event) => event.streamId === `case-${caseNo}`).map((event) => event.position);
    return { first: positions[0], last: positions.at(-1)! };
  };
  const target = [...histories].sort((a, b) => (span(b.caseNo).last - span(b.caseNo).first) - (span(a.caseNo).last - span(a.caseNo).first))[0];
  const middle = Math.floor((span(target.caseNo).first + span(target.caseNo).last) / 2);
  const applicant = recordedApplicant((target.events[0] as CaseReceived).data.applicant);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erasure-replay-'));
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await Promise.all(logs.splice(0).map((events) => events.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function logWith(erasedAt: number | null): Promise<SqliteEventStore> {
    const events = SqliteEventStore.open({ file: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    logs.push(events);
    for (const [index, event] of log.entries()) {
      if (index === erasedAt) await append(events, erasure(applicant.personId, event.recordedAt));
      await append(events, event);
    }
    return events;
  }
  async function scratch(): Promise<ReadModelStore> {
    const store = await SqliteReadModelStore.open(path.join(dir, 'read-models.sqlite'), 'NORMAL', { scratch: true });
    stores.push(store);
    return store;
  }
  const names = async (store: ReadModelStore) => Object.fromEntries((await store.db.selectFrom('cases').select(['case_no', 'applicant_name']).execute())
    .map((row) => [row.case_no, row.applicant_name]));

  it.each([{ hold: { initial: 3, most: 3 } }, { hold: undefined }])('keeps the name erased mid-log empty though the row is written after it (holding $hold)', async ({ hold }) => {
    expect(applicant.maskedName).not.toBe('');
    expect(span(target.caseNo).last - span(target.caseNo).first).toBeGreaterThan(2 * PAGE);
    const events = await logWith(middle);
    const store = await scratch();
    const projector = await Projector.open(events, store, [new CaseProjection()], undefined, { replayFrom: 1, catchUpBatch: PAGE, hold });
    await projector.catchUp();

    const rows = await names(store);
    expect(rows[target.caseNo]).toBe('');
    // Everyone else keeps their masked name, and the erased applicant's case is still there to count.
    expect(Object.keys(rows)).toHaveLength(histories.length);
    expect(Object.entries(rows).filter(([caseNo, name]) => caseNo !== target.caseNo && name === '')).toEqual([]);
  });

  it('empties the name erased while the replay runs: the replay ends, the erasure follows, and a second rebuild keeps it empty', async () => {
    const events = await logWith(null);
    const store = await scratch();
    let erased = false;
    // The erasure is appended while the replay is writing its first pages, beyond the range it set out to replay.
    const duringReplay = async () => {
      if (erased) return;
      erased = true;
      await append(events, erasure(applicant.personId, log.at(-1)!.recordedAt));
    };
    const projector = await Projector.open(events, store, [new CaseProjection()], duringReplay, { replayFrom: 1, catchUpBatch: PAGE });
    await projector.catchUp();
    expect(erased).toBe(true);
    await projector.catchUp();
    expect((await names(store))[target.caseNo]).toBe('');

    await projector.reset();
    await projector.catchUp();
    expect((await names(store))[target.caseNo]).toBe('');
  });
});
