import Database from 'better-sqlite3';
import { SqliteEventStore } from '@gov/event-store';
import { CaseFigures, CaseFiguresQuery, CaseProjection, CatalogProjection, Projector, ReadModelStore, SqliteReadModelStore } from '@gov/projections';

/** The case rows of a read-model file in case-number order, read with the driver alone (no engine code in between). */
export function caseRowsOf(readModelsFile: string): unknown[] {
  const db = new Database(readModelsFile, { readonly: true });
  try {
    return db.prepare('SELECT * FROM cases ORDER BY case_no').all();
  } finally {
    db.close();
  }
}

/** The case rows of a read-model store (SQLite or PostgreSQL) in case-number order. */
export async function caseRowsIn(store: ReadModelStore): Promise<unknown[]> {
  return store.db.selectFrom('cases').selectAll().orderBy('case_no').execute();
}

/**
 * Replays the whole event store into a new read-model file with the case and catalog
 * projections: the case rows and the center's all-time figures that what an engine served
 * must equal, when nothing was projected twice and nothing was missed.
 */
export async function rebuildFromZero(eventsFile: string, readModelsFile: string): Promise<{ rows: unknown[]; centerFigures: CaseFigures }> {
  const store = SqliteEventStore.open({ file: eventsFile });
  const readModels = await SqliteReadModelStore.open(readModelsFile);
  let centerFigures: CaseFigures;
  try {
    const projector = await Projector.open(store, readModels, [new CaseProjection(), new CatalogProjection()]);
    await projector.catchUp();
    centerFigures = await new CaseFiguresQuery(readModels).figures({ from: '2000-01-01', to: '2100-12-31' }, { kind: 'center' }, new Date().toISOString());
  } finally {
    await readModels.close();
    await store.close();
  }
  return { rows: caseRowsOf(readModelsFile), centerFigures };
}
