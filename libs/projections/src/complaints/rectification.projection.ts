import type { RectificationEvent } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import { rectificationEvents } from '../replay/kept-events';
import { eachEvent, type Projection } from '../projection';
import type { ReadModelDb } from '../store/read-model-store';
import { runScript } from '../store/run-script';
import { Statement } from '../store/statement';
import type { ComplaintTables } from './complaint.tables';

/** Rectifications of bad ratings (差评整改) and their answers. */
const TABLES = `
CREATE TABLE IF NOT EXISTS rectifications (
  rectification_no TEXT PRIMARY KEY, case_no TEXT NOT NULL, department_id TEXT NOT NULL, window_id TEXT, level TEXT NOT NULL, comment TEXT,
  status TEXT NOT NULL, opened_at TEXT NOT NULL, answer_by TEXT NOT NULL, answered_at TEXT, answer TEXT, late INTEGER
);
CREATE INDEX IF NOT EXISTS rectifications_department ON rectifications (department_id, opened_at);
`;

type Opened = Omit<ComplaintTables['rectifications'], 'status' | 'answered_at' | 'answer' | 'late'>;

const opened = new Statement<Opened>((db, p) =>
  db.insertInto('rectifications').values({
    rectification_no: p('rectification_no'), case_no: p('case_no'), department_id: p('department_id'), window_id: p('window_id'),
    level: p('level'), comment: p('comment'), status: 'awaiting-answer', opened_at: p('opened_at'), answer_by: p('answer_by'),
  }).onConflict((c) => c.doNothing()));
const answered = new Statement<{ rectificationNo: string; at: string; answer: string; late: number }>((db, p) =>
  db.updateTable('rectifications').set({ status: 'answered', answered_at: p('at'), answer: p('answer'), late: p('late') })
    .where('rectification_no', '=', p('rectificationNo')));

export class RectificationProjection implements Projection {
  readonly name = 'rectifications';
  readonly fold = rectificationEvents;

  migrate(tx: ReadModelDb): Promise<void> {
    return runScript(tx, TABLES);
  }

  drop(tx: ReadModelDb): Promise<void> {
    return runScript(tx, 'DROP TABLE IF EXISTS rectifications;');
  }

  apply(tx: ReadModelDb, events: readonly StoredEvent[]): Promise<void> {
    return eachEvent(events, (event) => this.applyEvent(tx, event));
  }

  private async applyEvent(tx: ReadModelDb, stored: StoredEvent): Promise<void> {
    if (!stored.streamId.startsWith('rectification-')) return;
    const no = stored.streamId.slice('rectification-'.length);
    const event = { type: stored.type, data: stored.data } as RectificationEvent;
    if (event.type === 'RectificationOpened') {
      const d = event.data;
      await opened.run(tx, { rectification_no: no, case_no: d.caseNo, department_id: d.departmentId, window_id: d.windowId, level: d.level,
        comment: d.comment, opened_at: d.at, answer_by: d.answerBy });
    } else if (event.type === 'RectificationAnswered') {
      await answered.run(tx, { rectificationNo: no, at: event.data.at, answer: event.data.answer, late: Number(event.data.late) });
    }
  }
}
