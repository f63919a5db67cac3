import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditReport, type NewEvent, type Seal, SqliteEventStore, type StoredEvent, verifyEventLog } from '@gov/event-store';
import { SealHasher, type SealReason } from '@gov/event-store/sqlite/audit/record-hash';
import { sealHasherOf, type SealRow } from '@gov/event-store/sqlite/audit/seals';
import { EVENT_ROW_COLUMNS, type EventRow, hashOfRow } from '@gov/event-store/sqlite/event-row';

/**
 * Acceptance: events written through the store, then altered, deleted and reordered behind
 * its back, directly in the SQLite file; the verifier names each. The attacker here knows
 * the hash algorithm (it is no secret), so the last cases rehash what they touched: only
 * the seals, and finally only a seal exported beforehand, can catch that.
 */
const STREAMS = ['case-a', 'case-b', 'case-c'];
const ROUNDS = 4;
const SEAL_EVERY = 4;
const TAIL = 2;

interface Fixture {
  readonly file: string;
  readonly events: readonly StoredEvent[];
  readonly latestSeal: Seal;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function event(n: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'CaseNoted',
    schemaVersion: 1,
    data: { n, note: `note ${n}` },
    metadata: { occurredAt: '2026-03-02T01:00:00.000Z', correlationId: randomUUID(), causationId: null, actor: { id: 'staff-7', role: 'window-staff' } },
  };
}

let pristine: Fixture;

/**
 * One append per command, round after round over three streams: positions 1–12 sealed by
 * count every 4 events (plus the genesis seal at 0), then 2 unsealed events (13–14).
 */
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-tamper-'));
  dirs.push(dir);
  const file = join(dir, 'events.sqlite');
  const store = SqliteEventStore.open({ file, sealPolicy: { everyEvents: SEAL_EVERY, everyMs: 3_600_000 } });
  let n = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const stream of STREAMS) {
      await store.append(stream, [event((n += 1))], { expectedRevision: round === 0 ? 'no_stream' : round - 1 });
    }
  }
  for (let i = 0; i < TAIL; i += 1) await store.append(`case-tail-${i}`, [event((n += 1))], { expectedRevision: 'no_stream' });
  const events = await store.readAll({ after: 0, limit: 1000 });
  const latestSeal = store.latestSeal();
  await store.close();
  if (!latestSeal) throw new Error('no seal');
  pristine = { file, events, latestSeal };
});

/** A fresh copy of the pristine file for each case; the WAL was checkpointed by close(). */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'audit-tamper-'));
  dirs.push(dir);
  const file = join(dir, 'events.sqlite');
  copyFileSync(pristine.file, file);
  return file;
}

function tamper(file: string, ...statements: string[]): void {
  const db = new Database(file);
  try {
    for (const sql of statements) db.exec(sql);
  } finally {
    db.close();
  }
}

const at = (position: number) => {
  const found = pristine.events.find((e) => e.position === position);
  if (!found) throw new Error(`no event at ${position}`);
  return found;
};

const first = (report: AuditReport) => report.findings[0];

describe('audit: verifying the tamper-evident record', () => {
  it('says the untouched record is intact and how much it checked', () => {
    const report = verifyEventLog(copy());

    expect(report.findings).toEqual([]);
    expect(report.intact).toBe(true);
    expect(report.eventsChecked).toBe(pristine.events.length);
    expect(report.streamsChecked).toBe(new Set(pristine.events.map((e) => e.streamId)).size);
    // The genesis seal, then one per SEAL_EVERY events of the rounds.
    expect(report.sealsChecked).toBe(1 + (STREAMS.length * ROUNDS) / SEAL_EVERY);
    expect(report.unsealedEvents).toBe(TAIL);
    expect(report.latestSeal).toEqual(pristine.latestSeal);
  });

  it('names an event whose data was altered', () => {
    const file = copy();
    tamper(file, `UPDATE events SET data = replace(data, 'note 5', 'note 500') WHERE position = 5`);

    const report = verifyEventLog(file);

    expect(report.intact).toBe(false);
    expect(first(report)).toMatchObject({ kind: 'altered', position: 5, eventId: at(5).id, streamId: at(5).streamId });
    expect(report.findings).toHaveLength(1);
  });

  it('names an unsealed event whose metadata (the actor) was altered', () => {
    const file = copy();
    tamper(file, `UPDATE events SET metadata = replace(metadata, 'staff-7', 'staff-8') WHERE position = 13`);

    expect(first(verifyEventLog(file))).toMatchObject({ kind: 'altered', position: 13, eventId: at(13).id });
  });

  it('names an event whose recording time was altered', () => {
    const file = copy();
    tamper(file, `UPDATE events SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE position = 9`);

    expect(first(verifyEventLog(file))).toMatchObject({ kind: 'altered', position: 9, eventId: at(9).id });
  });

  it('names the place of a deleted event, and the stream it leaves a gap in', () => {
    const file = copy();
    tamper(file, 'DELETE FROM events WHERE position = 6');

    const report = verifyEventLog(file);

    expect(first(report)).toMatchObject({ kind: 'missing-positions', position: 6 });
    expect(first(report).message).toContain(`${at(5).streamId}@${at(5).revision}`);
    // The next event of the deleted one's stream comes 3 positions later: its predecessor is gone.
    expect(report.findings).toContainEqual(
      expect.objectContaining({ kind: 'stream-order', position: 9, streamId: at(6).streamId, revision: at(6).revision + 1 }),
    );
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'seal-mismatch', sealSeq: 3 }));
  });

  it('names a deleted tail: the store had numbered further', () => {
    const file = copy();
    tamper(file, 'DELETE FROM events WHERE position = 14');

    const report = verifyEventLog(file);

    expect(report.intact).toBe(false);
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'stream-head', streamId: at(14).streamId }),
        expect.objectContaining({ kind: 'tail-missing', position: 14 }),
      ]),
    );
  });

  it('names two events of different streams whose places in the log were swapped', () => {
    const file = copy();
    tamper(
      file,
      'UPDATE events SET position = -2 WHERE position = 2',
      'UPDATE events SET position = 2 WHERE position = 7',
      'UPDATE events SET position = 7 WHERE position = -2',
    );

    const report = verifyEventLog(file);

    // case-a@2 now sits before case-a@1: out of its stream's order, and off the place it was hashed at.
    expect(first(report)).toMatchObject({ kind: 'stream-order', position: 2, eventId: at(7).id });
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'altered', position: 2, eventId: at(7).id }));
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'altered', position: 7, eventId: at(2).id }));
  });

  it('names two events of one stream whose revisions were swapped', () => {
    const file = copy();
    const [one, two] = pristine.events.filter((e) => e.streamId === 'case-a' && (e.revision === 1 || e.revision === 2));
    tamper(
      file,
      `UPDATE events SET revision = -1 WHERE position = ${one.position}`,
      `UPDATE events SET revision = 1 WHERE position = ${two.position}`,
      `UPDATE events SET revision = 2 WHERE position = ${one.position}`,
    );

    const report = verifyEventLog(file);

    expect(first(report)).toMatchObject({ kind: 'stream-order', position: one.position, eventId: one.id, revision: 2 });
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'altered', position: one.position, eventId: one.id }));
    expect(report.findings).toContainEqual(expect.objectContaining({ kind: 'altered', position: two.position, eventId: two.id }));
  });

  it('names a row inserted behind the store', () => {
    const file = copy();
    tamper(
      file,
      `INSERT INTO events (event_id, stream_id, revision, type, schema_version, data, metadata, occurred_at, recorded_at)
       SELECT 'forged', stream_id, revision + 1, type, schema_version, data, metadata, occurred_at, recorded_at FROM events WHERE position = 14`,
    );

    const report = verifyEventLog(file);

    expect(first(report)).toMatchObject({ kind: 'unhashed', position: 15, eventId: 'forged' });
  });

  it('catches an event altered and rehashed, with the rest of its stream, by the seal over its range', () => {
    const file = copy();
    rewrite(file, (row) => (row.position === 5 ? { ...row, data: row.data.replace('note 5', 'note 500') } : row), { reseal: false });

    const report = verifyEventLog(file);

    expect(report.findings.filter((f) => f.kind === 'altered')).toEqual([]);
    expect(first(report)).toMatchObject({ kind: 'seal-mismatch', sealSeq: 3 });
    expect(first(report).message).toContain('positions 5–8');
  });

  it('catches a rewrite of the whole file, seals included, only against a seal exported before', () => {
    const file = copy();
    const exported = pristine.latestSeal;
    rewrite(file, (row) => (row.position === 5 ? { ...row, data: row.data.replace('note 5', 'note 500') } : row), { reseal: true });

    // Consistent in itself: nothing inside the file can tell.
    expect(verifyEventLog(file).intact).toBe(true);
    const report = verifyEventLog(file, { exportedSeal: exported });

    expect(report.intact).toBe(false);
    expect(first(report)).toMatchObject({ kind: 'exported-seal', sealSeq: exported.seq });
    expect(first(report).message).toContain('rewritten');
  });

  it('catches a truncated tail, bookkeeping and seals cut to match, only against a seal exported before', () => {
    const file = copy();
    const exported = pristine.latestSeal; // seal #4 at position 12
    const keep = 8;
    tamper(file, `DELETE FROM events WHERE position > ${keep}`, `DELETE FROM seals WHERE position > ${keep}`, `UPDATE sqlite_sequence SET seq = ${keep} WHERE name = 'events'`);
    const db = new Database(file);
    db.exec('DELETE FROM streams WHERE stream_id NOT IN (SELECT stream_id FROM events)');
    db.exec(`UPDATE streams SET (revision, hash) = (SELECT revision, hash FROM events e WHERE e.stream_id = streams.stream_id ORDER BY revision DESC LIMIT 1)`);
    db.close();

    expect(verifyEventLog(file).intact).toBe(true);
    const report = verifyEventLog(file, { exportedSeal: exported });

    expect(report.findings).toEqual([expect.objectContaining({ kind: 'exported-seal', sealSeq: exported.seq, position: exported.position })]);
    expect(report.findings[0].message).toContain('not in the file');
  });
});


/**
 * The attacker's tool: edits rows and recomputes every event hash and stream head, and with
 * `reseal` every seal too, with the published algorithm.
 */
function rewrite(file: string, edit: (row: EventRow) => EventRow, options: { reseal: boolean }): void {
  const db = new Database(file);
  try {
    const rows = db.prepare<[], EventRow>(`SELECT ${EVENT_ROW_COLUMNS} FROM events ORDER BY position`).all();
    const heads = new Map<string, string>();
    const hashes = new Map<number, string>();
    const update = db.prepare('UPDATE events SET data = ?, metadata = ?, hash = ? WHERE position = ?');
    for (const original of rows) {
      const row = edit(original);
      const hash = hashOfRow(row, heads.get(row.stream_id) ?? null);
      update.run(row.data, row.metadata, hash, row.position);
      heads.set(row.stream_id, hash);
      hashes.set(row.position, hash);
    }
    for (const [streamId, hash] of heads) db.prepare('UPDATE streams SET hash = ? WHERE stream_id = ?').run(hash, streamId);
    if (!options.reseal) return;
    const seals = db.prepare<[], Omit<SealRow, 'hash'>>('SELECT seq, position, reason, sealed_at FROM seals ORDER BY seq').all();
    let previous: { position: number; hash: string } | undefined;
    for (const seal of seals) {
      const hasher = sealHasherOf(seal, previous);
      for (const [position, hash] of hashes) if (position > (previous?.position ?? 0) && position <= seal.position) hasher.add(hash);
      const hash = hasher.digest();
      db.prepare('UPDATE seals SET hash = ? WHERE seq = ?').run(hash, seal.seq);
      previous = { position: seal.position, hash };
    }
  } finally {
    db.close();
  }
}
