import Database from 'better-sqlite3';
import * as fs from 'node:fs';

export interface CarriedOver {
  readonly tables: readonly string[];
  readonly checkpoints: readonly string[];
}

interface SchemaRow {
  readonly name: string;
  readonly sql: string;
}

/**
 * What a rebuild on SQLite must not throw away with the old read-model file: the log readers'
 * state. The standing orders (complaint opener, notice opener, rectification opener, staff
 * returner) keep their checkpoints, and the complaint opener its receipts, in the read-model
 * file, but they are not projections: started from zero they would read the whole log again
 * at the next start (about 25 s for a year of cases, measured) and give again every command
 * they ever gave (harmless, each is idempotent, but slow). On PostgreSQL the rebuild empties
 * the projections in place and the readers' state stays; this gives SQLite the same.
 *
 * Copies into `target`, in one transaction, every table of `source` that `target` lacks (its
 * rows and indexes: the rebuilt file has every projection's tables, so what it lacks is not a
 * projection's) and every checkpoint `target` lacks (the rebuilt file has the projections').
 */
export function carryOverLogReaders(target: string, source: string): CarriedOver {
  if (!fs.existsSync(source)) return { tables: [], checkpoints: [] };
  const db = new Database(target);
  try {
    db.prepare('ATTACH DATABASE ? AS old').run(source);
    const tablesIn = (schema: 'main' | 'old') =>
      db.prepare<[], SchemaRow>(`SELECT name, sql FROM ${schema}.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all();
    const present = new Set(tablesIn('main').map((table) => table.name));
    const missing = tablesIn('old').filter((table) => !present.has(table.name));
    const indexesOf = db.prepare<[string], SchemaRow>("SELECT name, sql FROM old.sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL");
    const carried = db.transaction((): CarriedOver => {
      for (const table of missing) {
        // The stored CREATE statement names no schema, so it creates the table in the rebuilt file.
        db.exec(table.sql);
        db.exec(`INSERT INTO main.${quoted(table.name)} SELECT * FROM old.${quoted(table.name)}`);
        for (const index of indexesOf.all(table.name)) db.exec(index.sql);
      }
      const checkpoints = db.prepare<[], { name: string }>(
        `INSERT INTO main.checkpoints (name, position)
         SELECT name, position FROM old.checkpoints WHERE name NOT IN (SELECT name FROM main.checkpoints) RETURNING name`,
      ).all().map((row) => row.name);
      return { tables: missing.map((table) => table.name), checkpoints };
    });
    // A file the engine never opened has no checkpoints table: then it held no reader's state either.
    const result = hasCheckpoints(db) ? carried() : { tables: [], checkpoints: [] };
    db.exec('DETACH DATABASE old');
    return result;
  } finally {
    db.close();
  }
}

function hasCheckpoints(db: Database.Database): boolean {
  return db.prepare("SELECT 1 FROM old.sqlite_master WHERE type = 'table' AND name = 'checkpoints'").get() !== undefined;
}

function quoted(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
