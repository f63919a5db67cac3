import type { CaseOverdue, CaseWarned, NoticeEvent, SupervisionVisitRecorded } from '@gov/domain';
import { shanghaiDateOf } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import type { Projection } from '../projection';
import { cachedStatement, ReadModelDb } from '../read-model-db';

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
CREATE TABLE IF NOT EXISTS visits (position INTEGER PRIMARY KEY, visit_date TEXT NOT NULL, inspector TEXT NOT NULL, findings TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS visits_date ON visits (visit_date);
`;

export class SupervisionProjection implements Projection {
  readonly name = 'supervision';

  migrate(db: ReadModelDb): void {
    db.exec(TABLES);
  }

  drop(db: ReadModelDb): void {
    db.exec('DROP TABLE IF EXISTS cards; DROP TABLE IF EXISTS notices; DROP TABLE IF EXISTS visits;');
  }

  apply(db: ReadModelDb, stored: StoredEvent): void {
    if (stored.type === 'CaseWarned' || stored.type === 'CaseOverdue') return this.card(db, stored);
    if (stored.type === 'SupervisionVisitRecorded') {
      const d = (stored.data as SupervisionVisitRecorded['data']);
      cachedStatement(db, 'INSERT OR IGNORE INTO visits (position, visit_date, inspector, findings) VALUES (?, ?, ?, ?)').run(stored.position, d.date, d.inspector, d.findings);
      return;
    }
    if (stored.streamId.startsWith('notice-')) this.notice(db, stored.streamId.slice('notice-'.length), { type: stored.type, data: stored.data } as NoticeEvent);
  }

  private card(db: ReadModelDb, stored: StoredEvent): void {
    const d = stored.data as (CaseWarned | CaseOverdue)['data'];
    const caseNo = stored.streamId.slice('case-'.length);
    // The case row (CaseProjection runs first) says where the case sits.
    cachedStatement(db, `INSERT OR IGNORE INTO cards (case_no, kind, due_at, department_id, window_id, at, card_date)
      SELECT case_no, ?, ?, department_id, window_id, ?, ? FROM cases WHERE case_no = ?`)
      .run(stored.type === 'CaseWarned' ? 'yellow' : 'red', d.dueAt, d.at, shanghaiDateOf(d.at), caseNo);
  }

  private notice(db: ReadModelDb, noticeNo: string, event: NoticeEvent): void {
    switch (event.type) {
      case 'SupervisionNoticeOpened': {
        const d = event.data;
        cachedStatement(db, `INSERT OR IGNORE INTO notices (notice_no, case_no, department_id, window_id, status, reason, opened_at, opened_date, reply_by)
          VALUES (?, ?, ?, ?, 'awaiting-reply', ?, ?, ?, ?)`).run(noticeNo, d.caseNo, d.departmentId, d.windowId, d.reason, d.at, shanghaiDateOf(d.at), d.replyBy);
        return;
      }
      case 'NoticeReplied':
        cachedStatement(db, `UPDATE notices SET status = 'replied', replied_at = ?, rectification = ?, late_replies = late_replies + ? WHERE notice_no = ?`)
          .run(event.data.at, event.data.rectification, Number(event.data.late), noticeNo);
        return;
      case 'NoticeReturned':
        cachedStatement(db, `UPDATE notices SET status = 'awaiting-reply', reply_by = ?, returns = returns + 1 WHERE notice_no = ?`).run(event.data.replyBy, noticeNo);
        return;
      case 'NoticeClosed':
        cachedStatement(db, `UPDATE notices SET status = 'closed', closed_at = ?, conclusion = ? WHERE notice_no = ?`).run(event.data.at, event.data.conclusion, noticeNo);
        return;
    }
  }
}
