import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type AccessEntry, AccessLog, publishAccessHead, readAccessAnchors } from './access-log';

const entry = (at: string, subject: string, personId: string | null = null): AccessEntry => ({
  at, subject, role: 'window-staff', route: 'GET /api/cases/:caseNo', caseNo: '2026-0001', complaintNo: null, personId, shown: personId ? 'clear' : null,
});

describe('the access log', () => {
  let dir: string;
  let file: string;
  const logs: AccessLog[] = [];
  const open = (suite: 'gm' | 'international' = 'international') => {
    const log = AccessLog.open(file, suite);
    logs.push(log);
    return log;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-log-'));
    file = path.join(dir, 'access-log.sqlite');
  });
  afterEach(() => {
    logs.splice(0).forEach((log) => log.close());
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('chains its entries (SM3 in gm, after SHA-256 ones) and verifies them', () => {
    const log = open();
    log.record(entry('2026-06-01T01:00:00.000Z', 'staff-1', 'p-1'));
    const gm = open('gm');
    const second = gm.record(entry('2026-06-01T02:00:00.000Z', 'staff-2', 'p-1'));
    expect(second.hash).toMatch(/^sm3:/);
    expect(gm.verify()).toEqual({ intact: true, entriesChecked: 2 });
  });

  it('an edited or deleted entry breaks the chain there', () => {
    const log = open();
    for (let i = 1; i <= 3; i++) log.record(entry(`2026-06-0${i}T01:00:00.000Z`, `staff-${i}`, 'p-1'));
    const db = new Database(file);
    db.prepare("UPDATE access_log SET subject = 'nobody' WHERE seq = 2").run();
    expect(log.verify()).toMatchObject({ intact: false, firstBroken: { seq: 2 } });
    db.prepare("UPDATE access_log SET subject = 'staff-2' WHERE seq = 2").run();
    expect(log.verify().intact).toBe(true);
    db.prepare('DELETE FROM access_log WHERE seq = 2').run();
    db.close();
    expect(log.verify()).toMatchObject({ intact: false, firstBroken: { seq: 3, message: 'entries 2–2 are missing before entry 3: deleted' } });
  });

  it('a rewrite of the whole file, chain recomputed, is caught by the head published outside it', () => {
    const anchor = path.join(dir, 'seal-anchor.jsonl');
    fs.writeFileSync(anchor, '{"format":"gov-seal-anchor/1","seq":1}\n');
    const log = open();
    log.record(entry('2026-06-01T01:00:00.000Z', 'staff-1', 'p-1'));
    log.record(entry('2026-06-02T01:00:00.000Z', 'staff-2', 'p-1'));
    publishAccessHead(anchor, log.head()!, new Date('2026-06-02T02:00:00.000Z'));
    expect(readAccessAnchors(anchor)).toEqual([{ seq: 2, hash: log.head()!.hash }]);
    expect(AccessLog.verifyFile(file, anchor)).toEqual({ intact: true, entriesChecked: 2 });

    const db = new Database(file);
    db.exec('DELETE FROM access_log');
    db.close();
    log.record(entry('2026-06-01T01:00:00.000Z', 'staff-1', 'p-1'));
    log.record(entry('2026-06-02T01:00:00.000Z', 'nobody', 'p-1'));
    expect(log.verify().intact).toBe(true);
    expect(AccessLog.verifyFile(file, anchor)).toMatchObject({ intact: false, firstBroken: { seq: 2, message: expect.stringMatching(/published outside the file/) } });
  });

  it('keeps 180 days, prunes beyond, and still verifies from the last pruned entry', () => {
    const log = open();
    log.record(entry('2026-01-01T00:00:00.000Z', 'staff-old', 'p-1'));
    log.record(entry('2026-05-01T00:00:00.000Z', 'staff-kept', 'p-1'));
    log.record(entry('2026-07-01T00:00:00.000Z', 'staff-new', 'p-1'));

    expect(log.prune(new Date('2026-07-02T00:00:00.000Z'), 180)).toBe(1);
    expect(log.find({ personId: 'p-1' }).map((e) => e.subject)).toEqual(['staff-kept', 'staff-new']);
    expect(log.verify()).toEqual({ intact: true, entriesChecked: 2 });
    log.record(entry('2026-07-03T00:00:00.000Z', 'staff-after', 'p-1'));
    expect(log.verify()).toEqual({ intact: true, entriesChecked: 3 });
  });
});
