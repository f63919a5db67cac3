import type { CaseOverdue, CaseWarned, NoticeEvent, SupervisionVisitRecorded } from '@gov/domain';
import { shanghaiDateOf } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import { eachEvent, type Projection } from '../projection';
import type { ReadModelDb } from '../store/read-model-store';
import { runScript } from '../store/run-script';
import { Statement } from '../store/statement';
import type { CasePlace } from '../cases/case.fold';
import { foldSupervisionEvents, type SupervisionBatch } from './supervision.fold';
import type { SupervisionTables } from './supervision.tables';

/** The efficiency office's read models: yellow and red cards, supervision notices, visits. */
const TABLES = `
CREATE TABLE IF NOT EXISTS cards (
  case_no TEXT NOT NULL, kind TEXT NOT NULL, due_at TEXT NOT NULL, department_id TEXT NOT NULL, window_id TEXT,
  at TEXT NOT NULL, card_date TEXT NOT NULL, PRIMARY KEY (case_no, kind, due_at)
);
CREATE INDEX IF NOT EXISTS cards_date ON cards (card_date);
CREATE TABLE IF NOT EXISTS notices (
  notice_no TEXT PRIMARY KEY, case_no TEXT NOT NULL, department_id TEXT NOT NULL, window_id TEXT, status TEXT NOT NULL,
  reason TEXT NOT NULL, opened_at TEXT NOT NULL, opened_date TEXT NOT NULL, reply_by TEXT NOT NULL, replied_at TEXT, rectification TEXT,
  late_replies INTEGER NOT NULL DEFAULT 0, returns INTEGER NOT NULL DEFAULT 0, closed_at TEXT, conclusion TEXT
);
CREATE INDEX IF NOT EXISTS notices_department ON notices (department_id, opened_at);
CREATE TABLE IF NOT EXISTS visits (position BIGINT PRIMARY KEY, visit_date TEXT NOT NULL, inspector TEXT NOT NULL, findings TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS visits_date ON visits (visit_date);
`;

/** One statement a line: runScript splits at a `;` that ends a line. */
const DROP = `
DROP TABLE IF EXISTS cards;
DROP TABLE IF EXISTS notices;
DROP TABLE IF EXISTS visits;
`;

/** What a card reads of the case row; the `cases` table itself is CaseProjection's. */
type CaseWhereabouts = {
  cases: { case_no: string; department_id: string; window_id: string | null };
};

type Card = Pick<SupervisionTables['cards'], 'kind' | 'due_at' | 'at' | 'card_date'> & { caseNo: string };
type Notice = Omit<SupervisionTables['notices'], 'status' | 'replied_at' | 'rectification' | 'late_replies' | 'returns' | 'closed_at' | 'conclusion'>;

// The case row (CaseProjection writes first: readsTablesOf) says where the case sits; a card is given once per kind and due time.
const cardGiven = new Statement<Card>((db, p) =>
  db.withTables<CaseWhereabouts>().insertInto('cards')
    .columns(['case_no', 'kind', 'due_at', 'department_id', 'window_id', 'at', 'card_date'])
    .expression((eb) => eb.selectFrom('cases')
      .select((s) => ['case_no', s.val(p('kind')).as('kind'), s.val(p('due_at')).as('due_at'), 'department_id', 'window_id',
        s.val(p('at')).as('at'), s.val(p('card_date')).as('card_date')])
      .where('case_no', '=', p('caseNo')))
    .onConflict((c) => c.doNothing()));
/** A card whose case's place the fold knew (its row still held by a carrying replay). */
const cardPlaced = new Statement<SupervisionTables['cards']>((db, p) =>
  db.insertInto('cards').values({ case_no: p('case_no'), kind: p('kind'), due_at: p('due_at'), department_id: p('department_id'),
    window_id: p('window_id'), at: p('at'), card_date: p('card_date') }).onConflict((c) => c.doNothing()));
const visitRecorded = new Statement<SupervisionTables['visits']>((db, p) =>
  db.insertInto('visits').values({ position: p('position'), visit_date: p('visit_date'), inspector: p('inspector'), findings: p('findings') })
    .onConflict((c) => c.doNothing()));
const noticeOpened = new Statement<Notice>((db, p) =>
  db.insertInto('notices').values({
    notice_no: p('notice_no'), case_no: p('case_no'), department_id: p('department_id'), window_id: p('window_id'), status: 'awaiting-reply',
    reason: p('reason'), opened_at: p('opened_at'), opened_date: p('opened_date'), reply_by: p('reply_by'),
  }).onConflict((c) => c.doNothing()));
const noticeReplied = new Statement<{ noticeNo: string; at: string; rectification: string; late: number }>((db, p) =>
  db.updateTable('notices').set((eb) => ({
    status: 'replied', replied_at: p('at'), rectification: p('rectification'), late_replies: eb('late_replies', '+', p('late')),
  })).where('notice_no', '=', p('noticeNo')));
const noticeReturned = new Statement<{ noticeNo: string; replyBy: string }>((db, p) =>
  db.updateTable('notices').set((eb) => ({ status: 'awaiting-reply', reply_by: p('replyBy'), returns: eb('returns', '+', 1) }))
    .where('notice_no', '=', p('noticeNo')));
const noticeClosed = new Statement<{ noticeNo: string; at: string; conclusion: string }>((db, p) =>
  db.updateTable('notices').set({ status: 'closed', closed_at: p('at'), conclusion: p('conclusion') }).where('notice_no', '=', p('noticeNo')));

export class SupervisionProjection implements Projection {
  readonly name = 'supervision';
  /** 2: a card is dated when it fell due (`dueSince`), not when the watcher recorded it. */
  readonly version = 2;
  readonly fold = foldSupervisionEvents;
  readonly readsTablesOf = ['cases'];

  migrate(tx: ReadModelDb): Promise<void> {
    return runScript(tx, TABLES);
  }

  drop(tx: ReadModelDb): Promise<void> {
    return runScript(tx, DROP);
  }

  apply(tx: ReadModelDb, events: readonly StoredEvent[]): Promise<void> {
    return this.write(tx, foldSupervisionEvents(events));
  }

  /** The batch's events one by one. */
  write(tx: ReadModelDb, { events, places }: SupervisionBatch): Promise<void> {
    return eachEvent(events, (event) => this.applyEvent(tx, event, places));
  }

  private async applyEvent(tx: ReadModelDb, stored: StoredEvent, places: Readonly<Record<string, CasePlace>>): Promise<void> {
    if (stored.type === 'CaseWarned' || stored.type === 'CaseOverdue') {
      const d = stored.data as (CaseWarned | CaseOverdue)['data'];
      const caseNo = stored.streamId.slice('case-'.length);
      // Dated when it fell due: a card recorded after downtime counts on its own day, not the restart's.
      const since = d.dueSince ?? d.at;
      const card = { kind: stored.type === 'CaseWarned' ? 'yellow' as const : 'red' as const, due_at: d.dueAt, at: since, card_date: shanghaiDateOf(since) };
      const place = places[caseNo];
      if (place) await cardPlaced.run(tx, { case_no: caseNo, department_id: place.departmentId, window_id: place.windowId, ...card });
      else await cardGiven.run(tx, { caseNo, ...card });
      return;
    }
    if (stored.type === 'SupervisionVisitRecorded') {
      const d = stored.data as SupervisionVisitRecorded['data'];
      await visitRecorded.run(tx, { position: stored.position, visit_date: d.date, inspector: d.inspector, findings: d.findings });
      return;
    }
    if (stored.streamId.startsWith('notice-')) {
      await this.notice(tx, stored.streamId.slice('notice-'.length), { type: stored.type, data: stored.data } as NoticeEvent);
    }
  }

  private async notice(tx: ReadModelDb, noticeNo: string, event: NoticeEvent): Promise<void> {
    switch (event.type) {
      case 'SupervisionNoticeOpened': {
        const d = event.data;
        await noticeOpened.run(tx, { notice_no: noticeNo, case_no: d.caseNo, department_id: d.departmentId, window_id: d.windowId,
          reason: d.reason, opened_at: d.at, opened_date: shanghaiDateOf(d.at), reply_by: d.replyBy });
        return;
      }
      case 'NoticeReplied':
        await noticeReplied.run(tx, { noticeNo, at: event.data.at, rectification: event.data.rectification, late: Number(event.data.late) });
        return;
      case 'NoticeReturned':
        await noticeReturned.run(tx, { noticeNo, replyBy: event.data.replyBy });
        return;
      case 'NoticeClosed':
        await noticeClosed.run(tx, { noticeNo, at: event.data.at, conclusion: event.data.conclusion });
        return;
    }
  }
}
