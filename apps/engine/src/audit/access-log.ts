import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { type CryptoSuite, recordHash, suiteOfHash } from '@gov/event-store';

/** One read of personal data or of a case: who, in which role, what, when. */
export interface AccessEntry {
  /** When the answer was given (the request's time). */
  readonly at: string;
  /** The token's subject: a staff id, a service id, `applicant:<caseNo>`. */
  readonly subject: string;
  readonly role: string;
  /** The route read, as the access-policy table names it (`GET /api/cases/:caseNo`). */
  readonly route: string;
  readonly caseNo: string | null;
  readonly complaintNo: string | null;
  /** The person whose data the answer held, when it held any. */
  readonly personId: string | null;
  /** How that person's data was shown: clear, masked or erased; null when the answer held none. */
  readonly shown: string | null;
}

export interface LoggedAccess extends AccessEntry {
  readonly seq: number;
  readonly hash: string;
}

export interface AccessLogCheck {
  readonly intact: boolean;
  readonly entriesChecked: number;
  /** The first entry that does not match its hash or its link to the one before. */
  readonly firstBroken?: { readonly seq: number; readonly message: string };
}

export interface AccessQuery {
  readonly personId?: string;
  readonly caseNo?: string;
  readonly subject?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
}

const FORMAT = 'gov-access/1';
const field = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  return `${Buffer.byteLength(text)}:${text}\n`;
};

/** H(format, seq, every field, previous hash): length-prefixed as the record's event hash (record-hash.ts). */
function entryHash(suite: CryptoSuite, seq: number, entry: AccessEntry, previous: string): string {
  return recordHash(suite, field(FORMAT) + field(seq) + field(entry.at) + field(entry.subject) + field(entry.role) + field(entry.route)
    + field(entry.caseNo) + field(entry.complaintNo) + field(entry.personId) + field(entry.shown) + field(previous));
}

interface Row {
  readonly seq: number;
  readonly at: string;
  readonly subject: string;
  readonly role: string;
  readonly route: string;
  readonly case_no: string | null;
  readonly complaint_no: string | null;
  readonly person_id: string | null;
  readonly shown: string | null;
  readonly hash: string;
}

const toEntry = (row: Row): LoggedAccess => ({
  seq: row.seq, at: row.at, subject: row.subject, role: row.role, route: row.route, caseNo: row.case_no, complaintNo: row.complaint_no,
  personId: row.person_id, shown: row.shown, hash: row.hash,
});

/** The access log of a data directory: its own file, apart from the events (the record says what happened, this who looked). */
export function accessLogFile(dataDir: string): string {
  return path.join(dataDir, 'audit', 'access-log.sqlite');
}

/**
 * 等保 2.0's access audit: who read which person's data or which case, in which role, when.
 * Kept apart from the events (reads are not facts of the case), hash-chained like the record
 * (each entry's hash covers the one before, in the CRYPTO_SUITE of when it was written: SM3 in
 * gm), retained for `retentionDays` (at least 180, the six months the Cybersecurity Law asks)
 * and pruned beyond: the hash of the last pruned entry is kept, so the chain still verifies
 * from there.
 */
export class AccessLog {
  private readonly db: Database.Database;

  private constructor(file: string, private readonly suite: CryptoSuite) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new Database(file, { timeout: 5000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS access_log (
        seq          INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        subject      TEXT NOT NULL,
        role         TEXT NOT NULL,
        route        TEXT NOT NULL,
        case_no      TEXT,
        complaint_no TEXT,
        person_id    TEXT,
        shown        TEXT,
        hash         TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS access_log_person ON access_log (person_id) WHERE person_id IS NOT NULL;
      CREATE INDEX IF NOT EXISTS access_log_case ON access_log (case_no) WHERE case_no IS NOT NULL;
      CREATE INDEX IF NOT EXISTS access_log_at ON access_log (at);
      -- The last pruned entry: where the chain of the entries kept starts.
      CREATE TABLE IF NOT EXISTS access_log_pruned (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);`);
  }

  static open(file: string, suite: CryptoSuite = 'international'): AccessLog {
    return new AccessLog(file, suite);
  }

  /**
   * Verifies the log of `file` read-only (audit:verify, while the engine runs), and that it
   * still holds the heads published to `anchorFile`; undefined when there is no log.
   */
  static verifyFile(file: string, anchorFile?: string): AccessLogCheck | undefined {
    if (!fs.existsSync(file)) return undefined;
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return verifyChain(db, anchorFile === undefined ? [] : readAccessAnchors(anchorFile));
    } finally {
      db.close();
    }
  }

  /** The last entry (or the last pruned one): what is published outside the file. */
  head(): AccessLogHead | undefined {
    return this.db.prepare<[], AccessLogHead>('SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1').get() ?? this.prunedHead();
  }

  /** Appends an entry chained to the last one; in a write transaction, so processes sharing the file keep one chain. */
  record(entry: AccessEntry): LoggedAccess {
    return this.db.transaction(() => {
      const last = this.db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM access_log ORDER BY seq DESC LIMIT 1').get() ?? this.prunedHead();
      const seq = (last?.seq ?? 0) + 1;
      const hash = entryHash(this.suite, seq, entry, last?.hash ?? '');
      this.db.prepare('INSERT INTO access_log (seq, at, subject, role, route, case_no, complaint_no, person_id, shown, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(seq, entry.at, entry.subject, entry.role, entry.route, entry.caseNo, entry.complaintNo, entry.personId, entry.shown, hash);
      return { ...entry, seq, hash };
    }).immediate();
  }

  /** Entries matching every given criterion, oldest first (`from` inclusive, `to` exclusive, ISO times). */
  find(query: AccessQuery = {}): LoggedAccess[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const match = (column: string, op: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(`${column} ${op} ?`);
      params.push(value);
    };
    match('person_id', '=', query.personId);
    match('case_no', '=', query.caseNo);
    match('subject', '=', query.subject);
    match('at', '>=', query.from);
    match('at', '<', query.to);
    const sql = `SELECT * FROM access_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`;
    return this.db.prepare<(string | number)[], Row>(sql).all(...params, query.limit ?? 10_000).map(toEntry);
  }

  /** Deletes the entries older than `retentionDays` before `now`, keeping the last deleted one's hash; returns how many went. */
  prune(now: Date, retentionDays: number): number {
    const before = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
    return this.db.transaction(() => {
      const last = this.db.prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM access_log WHERE at < ? ORDER BY seq DESC LIMIT 1').get(before);
      if (!last) return 0;
      this.db.prepare('INSERT INTO access_log_pruned (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash')
        .run(last.seq, last.hash);
      return this.db.prepare('DELETE FROM access_log WHERE seq <= ?').run(last.seq).changes;
    }).immediate();
  }

  /**
   * Recomputes every kept entry's hash from the last pruned one: an edited, deleted or inserted
   * entry breaks the chain there; a head published earlier and no longer held (the whole file
   * rewritten or truncated) is named too.
   */
  verify(published: readonly AccessLogHead[] = []): AccessLogCheck {
    return verifyChain(this.db, published);
  }

  close(): void {
    this.db.close();
  }

  private prunedHead(): { seq: number; hash: string } | undefined {
    return this.db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM access_log_pruned WHERE id = 1').get();
  }
}

/** The log's last entry, as published outside its file (an anchor line `gov-access-anchor/1`). */
export interface AccessLogHead {
  readonly seq: number;
  readonly hash: string;
}

export const ACCESS_ANCHOR_FORMAT = 'gov-access-anchor/1';

/** Appends the head to the anchor file the seals go to (seal-anchor.ts: meant for another mount, append-only), fsynced. */
export function publishAccessHead(anchorFile: string, head: AccessLogHead, now: Date): void {
  fs.mkdirSync(path.dirname(anchorFile), { recursive: true });
  const fd = fs.openSync(anchorFile, 'a');
  try {
    fs.writeSync(fd, `${JSON.stringify({ format: ACCESS_ANCHOR_FORMAT, seq: head.seq, hash: head.hash, publishedAt: now.toISOString() })}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The access-log heads of an anchor file (its seal lines are left out, and a torn last line). */
export function readAccessAnchors(anchorFile: string): AccessLogHead[] {
  if (!fs.existsSync(anchorFile)) return [];
  return fs.readFileSync(anchorFile, 'utf8').split('\n').flatMap((line) => {
    try {
      const parsed = JSON.parse(line) as { format?: string; seq?: unknown; hash?: unknown };
      return parsed.format === ACCESS_ANCHOR_FORMAT && typeof parsed.seq === 'number' && typeof parsed.hash === 'string' ? [{ seq: parsed.seq, hash: parsed.hash }] : [];
    } catch {
      return [];
    }
  });
}

function verifyChain(db: Database.Database, published: readonly AccessLogHead[]): AccessLogCheck {
  const pruned = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM access_log_pruned WHERE id = 1').get();
  let previous = pruned?.hash ?? '';
  let expectedSeq = (pruned?.seq ?? 0) + 1;
  let checked = 0;
  for (const row of db.prepare<[], Row>('SELECT * FROM access_log ORDER BY seq').iterate()) {
    const broken = row.seq !== expectedSeq
      ? `entries ${expectedSeq}–${row.seq - 1} are missing before entry ${row.seq}: deleted`
      : entryHash(suiteOfHash(row.hash), row.seq, toEntry(row), previous) !== row.hash
        ? `entry ${row.seq} (${row.at}, ${row.subject}) does not match its hash: it was edited, or the one before it was`
        : undefined;
    if (broken) return { intact: false, entriesChecked: checked, firstBroken: { seq: row.seq, message: broken } };
    previous = row.hash;
    expectedSeq += 1;
    checked += 1;
  }
  const held = db.prepare<[number], string>('SELECT hash FROM access_log WHERE seq = ?').pluck();
  for (const head of published) {
    if (pruned && head.seq < pruned.seq) continue;
    const hash = pruned?.seq === head.seq ? pruned.hash : held.get(head.seq);
    if (hash !== head.hash) {
      const message = hash === undefined
        ? `entry ${head.seq}, published outside the file, is not in it: the log was truncated or rewritten`
        : `entry ${head.seq} differs from its hash published outside the file: the log was rewritten up to it`;
      return { intact: false, entriesChecked: checked, firstBroken: { seq: head.seq, message } };
    }
  }
  return { intact: true, entriesChecked: checked };
}
