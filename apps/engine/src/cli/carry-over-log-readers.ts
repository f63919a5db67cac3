import Database from 'better-sqlite3';
import * as fs from 'node:fs';

export interface CarriedOver {
  readonly tables: readonly string[];
  readonly checkpoints: readonly string[];
  /** Why nothing was carried, when the old state cannot be trusted. */
  readonly refused?: string;
}

/**
 * What a rebuild on SQLite must not throw away with the old read-model file: the log readers'
 * state. The standing orders (complaint opener, notice opener, rectification opener, staff
 * returner) keep their checkpoints, and the complaint opener its receipts, in the read-model
 * file, but they are not projections: started from zero they would read the whole log again
 * at the next start (docs/decisions/0027) and give again every
 * command they ever gave (harmless, each is idempotent, but slow). On PostgreSQL the rebuild
 * empties the projections in place and the readers' state stays; this gives SQLite the same.
 *
 * Copies into `target`, in one transaction, the `tables` it lacks (rows and indexes) and every
 * checkpoint it lacks (it has the projections'). Unless a reader's checkpoint lies past the
 * rebuilt read models' (the end of the log): then the log is not the one the readers read
 * (an older backup restored), they would skip the events written next, and nothing is carried.
 */
export function carryOverLogReaders(target: string, source: string, tables: readonly string[]): CarriedOver {
  if (!fs.existsSync(source)) return { tables: [], checkpoints: [] };
  const db = new Database(target);
  try {
    db.prepare('ATTACH DATABASE ? AS old').run(source);
    try {
      return db.transaction(() => copy(db, tables))();
    } finally {
      db.exec('DETACH DATABASE old');
    }
  } finally {
    db.close();
  }
}

function copy(db: Database.Database, tables: readonly string[]): CarriedOver {
  const tableIn = (schema: 'main' | 'old', name: string) =>
    db.prepare<[string], { sql: string }>(`SELECT sql FROM ${schema}.sqlite_master WHERE type = 'table' AND name = ?`).get(name);
  // A file the engine never opened has no checkpoints: then it held no reader's state either.
  if (!tableIn('old', 'checkpoints')) return { tables: [], checkpoints: [] };
  const logEnd = db.prepare<[], number>('SELECT COALESCE(MAX(position), 0) FROM main.checkpoints').pluck().get() ?? 0;
  const readers = db.prepare<[], { name: string; position: number }>(
    'SELECT name, position FROM old.checkpoints WHERE name NOT IN (SELECT name FROM main.checkpoints) ORDER BY name',
  ).all();
  const ahead = readers.filter((reader) => Number(reader.position) > logEnd);
  if (ahead.length > 0) {
    return { tables: [], checkpoints: [], refused: `${ahead.map((reader) => `${reader.name} at ${reader.position}`).join(', ')} past the log's end (${logEnd})` };
  }
  const copied: string[] = [];
  for (const name of tables) {
    const table = tableIn('old', name);
    if (!table || tableIn('main', name)) continue;
    // The stored CREATE statements name no schema: they create the table and its indexes in the rebuilt file.
    db.exec(table.sql);
    db.exec(`INSERT INTO main."${name}" SELECT * FROM old."${name}"`);
    const indexes = db.prepare<[string], { sql: string }>("SELECT sql FROM old.sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL");
    for (const index of indexes.all(name)) db.exec(index.sql);
    copied.push(name);
  }
  const insert = db.prepare('INSERT INTO main.checkpoints (name, position) VALUES (?, ?)');
  for (const reader of readers) insert.run(reader.name, reader.position);
  return { tables: copied, checkpoints: readers.map((reader) => reader.name) };
}
