import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { carryOverLogReaders } from './carry-over-log-readers';

/**
 * A rebuild's fresh read-model file gets the log readers' state from the old one: their tables
 * (with rows and indexes) and the checkpoints it lacks; the projections' own tables and
 * checkpoint are the rebuild's. Nothing, when a reader was past the end of the rebuilt log.
 */
describe('carryOverLogReaders', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carry-over-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function readModels(name: string, script: string): void {
    const db = new Database(file(name));
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE checkpoints (name TEXT PRIMARY KEY, position BIGINT NOT NULL);
      CREATE TABLE cases (case_no TEXT PRIMARY KEY, status TEXT NOT NULL);
      ${script}`);
    db.close();
  }

  it('given the old file with a reader\'s table and checkpoints, when carried into the rebuilt file, then the rebuilt file has them and keeps its own', () => {
    readModels('old.sqlite', `
      CREATE TABLE complaint_opener_receipts (case_no TEXT PRIMARY KEY, applicant_id TEXT NOT NULL, open INTEGER NOT NULL);
      CREATE INDEX complaint_opener_receipts_applicant ON complaint_opener_receipts (applicant_id, open);
      INSERT INTO complaint_opener_receipts VALUES ('C1', 'p1', 1), ('C2', 'p2', 0);
      INSERT INTO checkpoints VALUES ('read-models', 40), ('complaint-opener', 38), ('notice-opener', 12);
      INSERT INTO cases VALUES ('C1', 'stale');`);
    readModels('rebuilt.sqlite', `
      INSERT INTO checkpoints VALUES ('read-models', 41);
      INSERT INTO cases VALUES ('C1', 'open'), ('C2', 'completed');`);

    const carried = carryOverLogReaders(file('rebuilt.sqlite'), file('old.sqlite'), ['complaint_opener_receipts', 'staff_returner_missing']);

    expect(carried).toEqual({ tables: ['complaint_opener_receipts'], checkpoints: ['complaint-opener', 'notice-opener'] });
    const db = new Database(file('rebuilt.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT * FROM checkpoints ORDER BY name').all()).toEqual([
        { name: 'complaint-opener', position: 38 }, { name: 'notice-opener', position: 12 }, { name: 'read-models', position: 41 },
      ]);
      expect(db.prepare('SELECT * FROM complaint_opener_receipts ORDER BY case_no').all()).toEqual([
        { case_no: 'C1', applicant_id: 'p1', open: 1 }, { case_no: 'C2', applicant_id: 'p2', open: 0 },
      ]);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'complaint_opener_receipts_applicant'").get()).toBeDefined();
      expect(db.prepare('SELECT * FROM cases ORDER BY case_no').all()).toEqual([{ case_no: 'C1', status: 'open' }, { case_no: 'C2', status: 'completed' }]);
    } finally {
      db.close();
    }
  });

  it('given a reader past the end of the rebuilt log (an older log restored), carries nothing: the readers read the log again', () => {
    readModels('old.sqlite', `
      CREATE TABLE complaint_opener_receipts (case_no TEXT PRIMARY KEY);
      INSERT INTO complaint_opener_receipts VALUES ('C9');
      INSERT INTO checkpoints VALUES ('read-models', 90), ('complaint-opener', 88), ('notice-opener', 12);`);
    readModels('rebuilt.sqlite', "INSERT INTO checkpoints VALUES ('read-models', 41);");

    const carried = carryOverLogReaders(file('rebuilt.sqlite'), file('old.sqlite'), ['complaint_opener_receipts']);

    expect(carried).toEqual({ tables: [], checkpoints: [], refused: "complaint-opener at 88 past the log's end (41)" });
    const db = new Database(file('rebuilt.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT name FROM checkpoints').pluck().all()).toEqual(['read-models']);
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'complaint_opener_receipts'").get()).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('given no old file, or one the engine never opened, carries nothing', () => {
    readModels('rebuilt.sqlite', "INSERT INTO checkpoints VALUES ('read-models', 41);");
    expect(carryOverLogReaders(file('rebuilt.sqlite'), file('missing.sqlite'), ['complaint_opener_receipts'])).toEqual({ tables: [], checkpoints: [] });
    new Database(file('empty.sqlite')).close();
    expect(carryOverLogReaders(file('rebuilt.sqlite'), file('empty.sqlite'), ['complaint_opener_receipts'])).toEqual({ tables: [], checkpoints: [] });
  });
});
