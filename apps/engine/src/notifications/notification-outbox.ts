import { runScript, type ReadModelDb, type ReadModelStore } from '@gov/projections';
import type { NotificationKind } from './notification-templates';

/**
 * The outbox: one row per event an applicant is told of, written in the notifier's transaction
 * with its checkpoint (so a replay or a restart adds nothing twice: the event id is the key),
 * then worked off by the dispatcher. No personal data: the recipient is unsealed at each try.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS notification_outbox (
  notification_id TEXT PRIMARY KEY,
  case_no TEXT NOT NULL,
  kind TEXT NOT NULL,
  event_at TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at TEXT NOT NULL,
  channel TEXT,
  reference TEXT,
  reason TEXT,
  sent_at TEXT
);
CREATE INDEX IF NOT EXISTS notification_outbox_due ON notification_outbox (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS notification_outbox_case ON notification_outbox (case_no);
`;
/** Not a projection's: a rebuild of the read models keeps it (cli/policy-tables.ts). */
export const NOTIFICATION_TABLES = ['notification_outbox'] as const;

/** pending: to send (again) at next_attempt_at; sent; dead: given up, with the reason; declined: the applicant opted out. */
export type NotificationStatus = 'pending' | 'sent' | 'dead' | 'declined';

export interface OutboxRow {
  notification_id: string;
  case_no: string;
  kind: NotificationKind;
  event_at: string;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: string;
  channel: string | null;
  reference: string | null;
  reason: string | null;
  sent_at: string | null;
}

type Tables = { notification_outbox: OutboxRow };
const outbox = (db: ReadModelDb) => db.withTables<Tables>();

export async function createOutbox(store: ReadModelStore): Promise<void> {
  await store.migrate((tx) => runScript(tx, TABLES));
}

export async function enqueue(tx: ReadModelDb, row: { notificationId: string; caseNo: string; kind: NotificationKind; at: string }): Promise<void> {
  await outbox(tx).insertInto('notification_outbox').values({
    notification_id: row.notificationId, case_no: row.caseNo, kind: row.kind, event_at: row.at, status: 'pending', attempts: 0,
    next_attempt_at: row.at, channel: null, reference: null, reason: null, sent_at: null,
  }).onConflict((conflict) => conflict.column('notification_id').doNothing()).execute();
}

export function dueRows(db: ReadModelDb, now: string, limit: number): Promise<OutboxRow[]> {
  return outbox(db).selectFrom('notification_outbox').selectAll().where('status', '=', 'pending').where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at').orderBy('notification_id').limit(limit).execute();
}

export async function settle(db: ReadModelDb, notificationId: string, change: Partial<Omit<OutboxRow, 'notification_id'>>): Promise<void> {
  await outbox(db).updateTable('notification_outbox').set(change).where('notification_id', '=', notificationId).execute();
}

export function rowsOfCase(db: ReadModelDb, caseNo: string): Promise<OutboxRow[]> {
  return outbox(db).selectFrom('notification_outbox').selectAll().where('case_no', '=', caseNo).orderBy('event_at').orderBy('notification_id').execute();
}

export function rowsWithStatus(db: ReadModelDb, status: NotificationStatus, limit: number): Promise<OutboxRow[]> {
  return outbox(db).selectFrom('notification_outbox').selectAll().where('status', '=', status).orderBy('event_at', 'desc').limit(limit).execute();
}
