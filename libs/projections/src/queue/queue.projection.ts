import type { TicketEvent } from '@gov/domain';
import type { StoredEvent } from '@gov/event-store';
import { eachEvent, keepEvents, type Projection } from '../projection';
import type { ReadModelDb } from '../store/read-model-store';
import { runScript } from '../store/run-script';
import { Statement } from '../store/statement';
import type { QueueTables } from './queue.tables';

const TABLES = `
CREATE TABLE IF NOT EXISTS queue_tickets (
  ticket_id TEXT PRIMARY KEY, queue_id TEXT NOT NULL, day TEXT NOT NULL, ticket_no TEXT NOT NULL, channel TEXT NOT NULL,
  department_id TEXT NOT NULL, item_code TEXT, drawn_at TEXT NOT NULL, appointment_from TEXT, appointment_to TEXT,
  status TEXT NOT NULL, window_id TEXT, first_called_at TEXT, last_called_at TEXT, calls INTEGER NOT NULL, case_no TEXT, accepted_at TEXT
);
CREATE INDEX IF NOT EXISTS queue_tickets_day ON queue_tickets (day, queue_id, status);
CREATE INDEX IF NOT EXISTS queue_tickets_called ON queue_tickets (day, last_called_at);
`;

const DROP = `
DROP TABLE IF EXISTS queue_tickets;
`;

/** A ticket's stream (`queue-<queueId>-<day>`), or a receipt that names its ticket. */
const readsEvent = (event: StoredEvent): boolean =>
  (event.streamId.startsWith('queue-') && event.streamId !== 'queue-setup')
  || (event.type === 'CaseReceived' && typeof (event.data as { ticketId?: unknown }).ticketId === 'string');

/** The fold of QueueProjection (replay/replay-work.ts holds it by name). */
export const queueEvents = keepEvents(readsEvent);

const drawn = new Statement<QueueTables['queue_tickets']>((db, p) =>
  db.insertInto('queue_tickets').values({
    ticket_id: p('ticket_id'), queue_id: p('queue_id'), day: p('day'), ticket_no: p('ticket_no'), channel: p('channel'), department_id: p('department_id'),
    item_code: p('item_code'), drawn_at: p('drawn_at'), appointment_from: p('appointment_from'), appointment_to: p('appointment_to'), status: 'waiting',
    window_id: null, first_called_at: null, last_called_at: null, calls: 0, case_no: null, accepted_at: null,
  }).onConflict((c) => c.column('ticket_id').doNothing()));
const called = new Statement<{ ticketId: string; windowId: string; at: string }>((db, p) =>
  db.updateTable('queue_tickets').set((eb) => ({
    status: 'called', window_id: p('windowId'), last_called_at: p('at'), calls: eb('calls', '+', 1),
    first_called_at: eb.fn.coalesce('first_called_at', eb.val(p('at'))),
  })).where('ticket_id', '=', p('ticketId')));
const noShow = new Statement<{ ticketId: string }>((db, p) =>
  db.updateTable('queue_tickets').set({ status: 'no-show' }).where('ticket_id', '=', p('ticketId')));
const transferred = new Statement<{ ticketId: string; toWindowId: string }>((db, p) =>
  db.updateTable('queue_tickets').set({ status: 'waiting', window_id: p('toWindowId') }).where('ticket_id', '=', p('ticketId')));
const accepted = new Statement<{ ticketId: string; caseNo: string; at: string }>((db, p) =>
  db.updateTable('queue_tickets').set({ case_no: p('caseNo'), accepted_at: p('at') }).where('ticket_id', '=', p('ticketId')).where('accepted_at', 'is', null));

/** The hall's tickets (排队叫号) as they stand, and the case each one led to. */
export class QueueProjection implements Projection {
  readonly name = 'queue';
  readonly fold = queueEvents;

  migrate(tx: ReadModelDb): Promise<void> {
    return runScript(tx, TABLES);
  }

  drop(tx: ReadModelDb): Promise<void> {
    return runScript(tx, DROP);
  }

  apply(tx: ReadModelDb, events: readonly StoredEvent[]): Promise<void> {
    return eachEvent(events, (event) => (readsEvent(event) ? this.applyEvent(tx, event) : Promise.resolve()));
  }

  private async applyEvent(tx: ReadModelDb, stored: StoredEvent): Promise<void> {
    if (stored.type === 'CaseReceived') {
      const data = stored.data as { ticketId: string; caseNo: string; at: string };
      await accepted.run(tx, { ticketId: data.ticketId, caseNo: data.caseNo, at: data.at });
      return;
    }
    const event = { type: stored.type, data: stored.data } as TicketEvent;
    const ticketId = event.data.ticketId;
    switch (event.type) {
      case 'TicketDrawn': {
        const d = event.data;
        await drawn.run(tx, {
          ticket_id: ticketId, queue_id: d.queueId, day: d.day, ticket_no: d.ticketNo, channel: d.channel, department_id: d.departmentId,
          item_code: d.itemCode, drawn_at: d.at, appointment_from: d.appointment?.from ?? null, appointment_to: d.appointment?.to ?? null,
          status: 'waiting', window_id: null, first_called_at: null, last_called_at: null, calls: 0, case_no: null, accepted_at: null,
        });
        return;
      }
      case 'TicketCalled':
      case 'TicketRecalled':
        await called.run(tx, { ticketId, windowId: event.data.windowId, at: event.data.at });
        return;
      case 'TicketNoShow':
        await noShow.run(tx, { ticketId });
        return;
      case 'TicketTransferred':
        await transferred.run(tx, { ticketId, toWindowId: event.data.toWindowId });
        return;
    }
  }
}
