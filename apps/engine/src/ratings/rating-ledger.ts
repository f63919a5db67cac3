import { runScript, type ReadModelDb, type ReadModelStore } from '@gov/projections';

/**
 * The rating loop's own tables, kept by the rating ledger (a log reader): every case with where
 * it was served (department, window, channel, staff member) and how it was rated, for the
 * figures and the default rating; and every follow-up visit. Nothing personal: no applicant, no
 * comment.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS rating_ledger (
  case_no TEXT PRIMARY KEY,
  department_id TEXT NOT NULL,
  window_id TEXT,
  channel TEXT NOT NULL,
  staff_id TEXT,
  imported INTEGER NOT NULL,
  completed_at TEXT,
  rated_at TEXT,
  month TEXT,
  level TEXT,
  staff_level TEXT,
  channel_level TEXT,
  by_default INTEGER
);
CREATE INDEX IF NOT EXISTS rating_ledger_unrated ON rating_ledger (rated_at, completed_at);
CREATE INDEX IF NOT EXISTS rating_ledger_month ON rating_ledger (month);
CREATE TABLE IF NOT EXISTS follow_ups (
  follow_up_no TEXT PRIMARY KEY,
  case_no TEXT NOT NULL,
  department_id TEXT NOT NULL,
  level TEXT NOT NULL,
  opened_at TEXT NOT NULL,
  visit_by TEXT NOT NULL,
  visited_at TEXT,
  visited_by TEXT,
  late INTEGER,
  confirmed_at TEXT,
  accepted INTEGER
);
`;
/** Not a projection's: a rebuild of the read models keeps them (cli/policy-tables.ts). */
export const RATING_TABLES = ['rating_ledger', 'follow_ups'] as const;

export interface LedgerRow {
  case_no: string;
  department_id: string;
  window_id: string | null;
  channel: string;
  staff_id: string | null;
  imported: number;
  completed_at: string | null;
  rated_at: string | null;
  month: string | null;
  level: string | null;
  staff_level: string | null;
  channel_level: string | null;
  by_default: number | null;
}

export interface FollowUpRow {
  follow_up_no: string;
  case_no: string;
  department_id: string;
  level: string;
  opened_at: string;
  visit_by: string;
  visited_at: string | null;
  visited_by: string | null;
  late: number | null;
  confirmed_at: string | null;
  accepted: number | null;
}

type Tables = { rating_ledger: LedgerRow; follow_ups: FollowUpRow };
export const ratingTables = (db: ReadModelDb) => db.withTables<Tables>();

export async function createRatingTables(store: ReadModelStore): Promise<void> {
  await store.migrate((tx) => runScript(tx, TABLES));
}

/** Completed cases nobody rated, completed before `cutoff` (imported histories left alone). */
export function unratedBefore(db: ReadModelDb, cutoff: string, limit: number): Promise<{ case_no: string }[]> {
  return ratingTables(db).selectFrom('rating_ledger').select('case_no').where('rated_at', 'is', null).where('completed_at', '<=', cutoff)
    .where('imported', '=', 0).orderBy('completed_at').limit(limit).execute();
}

export function ratedIn(db: ReadModelDb, month: string): Promise<LedgerRow[]> {
  return ratingTables(db).selectFrom('rating_ledger').selectAll().where('month', '=', month).execute();
}

export function followUps(db: ReadModelDb, caseNos?: readonly string[]): Promise<FollowUpRow[]> {
  let query = ratingTables(db).selectFrom('follow_ups').selectAll();
  if (caseNos) query = caseNos.length === 0 ? query.where('case_no', '=', '') : query.where('case_no', 'in', [...caseNos]);
  return query.orderBy('opened_at').execute();
}
