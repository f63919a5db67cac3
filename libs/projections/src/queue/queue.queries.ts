import { LocalDate } from '@gov/domain';
import type { Selectable } from 'kysely';
import type { ReadModelDb, ReadModelStore } from '../store/read-model-store';
import type { QueueTables } from './queue.tables';

type TicketRow = Selectable<QueueTables['queue_tickets']>;

/** A call as the hall screen shows it. */
export interface QueueCall {
  readonly ticketId: string; readonly ticketNo: string; readonly queueId: string; readonly windowId: string; readonly calledAt: string; readonly calls: number;
}

/** Minutes, as a middle and a 90th percentile (nearest rank); null when there is nothing to measure. */
export interface Spread {
  readonly median: number | null;
  readonly p90: number | null;
}

/** The figures of one group of tickets (a queue, a window, an hour of the day, or all). */
export interface QueueFigures {
  readonly tickets: number;
  readonly called: number;
  /** Tickets a case was opened from (受理). */
  readonly served: number;
  readonly noShows: number;
  /** From drawing the ticket (an appointment: from its slot, if later) to the case's acceptance, served tickets only. */
  readonly waitedMinutes: Spread;
  /** From drawing the ticket (an appointment: its slot) to its first call, called tickets only. */
  readonly untilCalledMinutes: Spread;
}

/**
 * The queue's read side: what is waiting and being called today (the hall screen, a window's
 * calling panel), and the figures of a period by queue, window and hour of the day.
 */
export class QueueQueries {
  constructor(private readonly store: ReadModelStore) {}

  /** Today's waiting count per queue and the latest calls still standing at a window (not no-shows, not transferred), newest first. `db`: a snapshot to read in, or the store. */
  async board(today: LocalDate, latest: number, db: ReadModelDb = this.store.db) {
    const [waiting, calls] = await Promise.all([
      db.selectFrom('queue_tickets').select(['queue_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('day', '=', today).where('status', '=', 'waiting').groupBy('queue_id').execute(),
      db.selectFrom('queue_tickets').selectAll().where('day', '=', today).where('status', '=', 'called')
        .orderBy('last_called_at', 'desc').orderBy('ticket_id', 'desc').limit(latest).execute(),
    ]);
    return { waiting: new Map(waiting.map((w) => [w.queue_id, Number(w.n)])), calls: calls.map(toCall) };
  }

  /** A window's calling panel: the ticket in front of it (its latest call still standing) and what waits in its queues. */
  windowPanel(windowId: string, queueIds: readonly string[], today: LocalDate) {
    return this.store.read(async (tx) => {
      const current = await tx.selectFrom('queue_tickets').selectAll().where('day', '=', today).where('window_id', '=', windowId)
        .where('status', '=', 'called').orderBy('last_called_at', 'desc').limit(1).executeTakeFirst();
      const waiting = queueIds.length === 0 ? [] : await tx.selectFrom('queue_tickets')
        .select(['queue_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('day', '=', today).where('status', '=', 'waiting').where('queue_id', 'in', queueIds)
        .where((eb) => eb.or([eb('window_id', 'is', null), eb('window_id', '=', windowId)])).groupBy('queue_id').execute();
      const counts = new Map(waiting.map((w) => [w.queue_id, Number(w.n)]));
      return {
        current: current ? { ...toCall(current), caseNo: current.case_no, appointment: current.appointment_from !== null } : null,
        waiting: queueIds.map((queueId) => ({ queueId, waiting: counts.get(queueId) ?? 0 })),
      };
    });
  }

  /** The tickets of days `from`..`to`: totals, and by queue, by the window that called, by the hour of day the ticket was drawn. */
  figures(period: { from: LocalDate; to: LocalDate }) {
    return this.store.read(async (tx) => {
      const rows = await tx.selectFrom('queue_tickets').selectAll().where('day', '>=', period.from).where('day', '<=', period.to).execute();
      return {
        ...period,
        total: figuresOf(rows),
        byQueue: grouped(rows, (r) => r.queue_id, 'queueId'),
        byWindow: grouped(rows.filter((r) => r.window_id !== null && r.first_called_at !== null), (r) => r.window_id as string, 'windowId'),
        byHour: grouped(rows, (r) => String(shanghaiHour(r.drawn_at)).padStart(2, '0'), 'hour'),
      };
    });
  }
}

function toCall(r: TicketRow): QueueCall {
  return { ticketId: r.ticket_id, ticketNo: r.ticket_no, queueId: r.queue_id, windowId: r.window_id as string, calledAt: r.last_called_at as string, calls: Number(r.calls) };
}

function grouped<K extends string>(rows: readonly TicketRow[], keyOf: (r: TicketRow) => string, name: K): (Record<K, string> & QueueFigures)[] {
  const groups = new Map<string, TicketRow[]>();
  for (const r of rows) groups.set(keyOf(r), [...(groups.get(keyOf(r)) ?? []), r]);
  return [...groups.keys()].sort().map((key) => ({ [name]: key, ...figuresOf(groups.get(key) as TicketRow[]) }) as Record<K, string> & QueueFigures);
}

/** The figures of a group of ticket rows. */
export function figuresOf(rows: readonly TicketRow[]): QueueFigures {
  const served = rows.filter((r) => r.accepted_at !== null);
  const called = rows.filter((r) => r.first_called_at !== null);
  return {
    tickets: rows.length,
    called: called.length,
    served: served.length,
    noShows: rows.filter((r) => r.status === 'no-show').length,
    waitedMinutes: spread(served.map((r) => minutesBetween(waitStart(r), r.accepted_at as string))),
    untilCalledMinutes: spread(called.map((r) => minutesBetween(waitStart(r), r.first_called_at as string))),
  };
}

/** An appointment's wait starts at its slot: coming early is not waiting. */
function waitStart(r: TicketRow): string {
  return r.appointment_from !== null && r.appointment_from > r.drawn_at ? r.appointment_from : r.drawn_at;
}

function minutesBetween(from: string, to: string): number {
  return Math.max(0, (Date.parse(to) - Date.parse(from)) / 60_000);
}

/** Median and 90th percentile by nearest rank, to a tenth of a minute. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { median: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  const tenth = (v: number) => Math.round(v * 10) / 10;
  return { median: tenth(rank(0.5)), p90: tenth(rank(0.9)) };
}

/** The hour of day (0–23) of an instant in Asia/Shanghai (UTC+8, no summer time). */
function shanghaiHour(instant: string): number {
  return (new Date(instant).getUTCHours() + 8) % 24;
}
