import type { RectificationEvent } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import type { Projection } from '../projection';
import type { ReadModelDb } from '../read-model-db';

/** Rectifications of bad ratings (差评整改) and their answers. */
const TABLES = `
CREATE TABLE IF NOT EXISTS rectifications (
  rectification_no TEXT PRIMARY KEY, case_no TEXT NOT NULL, department_id TEXT NOT NULL, window_id TEXT, level TEXT NOT NULL, comment TEXT,
  status TEXT NOT NULL, opened_at TEXT NOT NULL, answer_by TEXT NOT NULL, answered_at TEXT, answer TEXT, late INTEGER
);
CREATE INDEX IF NOT EXISTS rectifications_department ON rectifications (department_id, opened_at);
`;

export class RectificationProjection implements Projection {
  readonly name = 'rectifications';

  migrate(db: ReadModelDb): void {
    db.exec(TABLES);
  }

  drop(db: ReadModelDb): void {
    db.exec('DROP TABLE IF EXISTS rectifications;');
  }

  apply(db: ReadModelDb, stored: StoredEvent): void {
    if (!stored.streamId.startsWith('rectification-')) return;
    const no = stored.streamId.slice('rectification-'.length);
    const event = { type: stored.type, data: stored.data } as RectificationEvent;
    if (event.type === 'RectificationOpened') {
      const d = event.data;
      db.prepare(`INSERT OR IGNORE INTO rectifications (rectification_no, case_no, department_id, window_id, level, comment, status, opened_at, answer_by)
        VALUES (?, ?, ?, ?, ?, ?, 'awaiting-answer', ?, ?)`).run(no, d.caseNo, d.departmentId, d.windowId, d.level, d.comment, d.at, d.answerBy);
    } else if (event.type === 'RectificationAnswered') {
      db.prepare(`UPDATE rectifications SET status = 'answered', answered_at = ?, answer = ?, late = ? WHERE rectification_no = ?`)
        .run(event.data.at, event.data.answer, Number(event.data.late), no);
    }
  }
}
