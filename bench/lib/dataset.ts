import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { toNewEvent } from '../../apps/engine/src/write/commands';
import { ReferenceData } from '../../apps/engine/src/infrastructure/reference-data';
import { EngineProcess } from './engine';
import { tempDir } from './proc';
import { elapsedMs } from './stats';
import { FIRST_DAY, LAST_DAY, PlannedAppend, shanghaiDay, YearOfCases } from './year-of-cases';

/** A DATA_DIR holding the engine's seeded calendar and demo catalog, then a year of cases. */
export interface YearDataset {
  readonly dataDir: string;
  readonly eventsFile: string;
  readonly cases: number;
  /** Events before the cases: the calendar years and the demo catalog the engine seeded. */
  readonly seedEvents: number;
  readonly caseEvents: number;
  readonly headPosition: number;
  readonly buildSeconds: number;
  readonly firstDay: string;
  readonly lastDay: string;
  remove(): void;
}

const APPENDS_IN_FLIGHT = 4096;

/**
 * Starts the engine once on an empty DATA_DIR (it publishes the calendar and seeds the demo
 * catalog), stops it, then appends the cases directly to DATA_DIR/events.sqlite through
 * SqliteEventStore (synchronous NORMAL: only the build's speed depends on it), command by
 * command in time order.
 */
export async function buildYearDataset(cases: number): Promise<YearDataset> {
  const temp = tempDir('year');
  try {
    const started = process.hrtime.bigint();
    const seeding = await EngineProcess.start({ dataDir: temp.dir, deadlineWatcher: false });
    await seeding.stop();
    const eventsFile = path.join(temp.dir, 'events.sqlite');
    const store = SqliteEventStore.open({ file: eventsFile, synchronous: 'NORMAL' });
    const reference = new ReferenceData(store);
    try {
      reference.start();
      await reference.current();
      // The catalog and calendar are folded; stop following the log, which the build is about to grow.
      await reference.stop();
      const seedEvents = await store.headPosition();
      const year = new YearOfCases(reference);
      const days = year.workingDays;
      const pending = new Map<string, PlannedAppend[]>();
      let nextReport = 0.1;
      for (let i = 0; i < days.length; i += 1) {
        const count = Math.floor(((i + 1) * cases) / days.length) - Math.floor((i * cases) / days.length);
        for (const planned of year.casesOn(days[i], count)) {
          const day = shanghaiDay(planned.atMs);
          const bucket = pending.get(day);
          if (bucket) bucket.push(planned);
          else pending.set(day, [planned]);
        }
        // Every later receipt is on a later day: what happens up to today is complete.
        await appendDue(store, pending, days[i]);
        if ((i + 1) / days.length >= nextReport) {
          console.log(`    built ${Math.round(((i + 1) / days.length) * 100)}% of the year (${days[i]}), ${(elapsedMs(started) / 1000).toFixed(1)} s`);
          nextReport += 0.1;
        }
      }
      await appendDue(store, pending, '9999-12-31');
      const headPosition = await store.headPosition();
      return {
        dataDir: temp.dir, eventsFile, cases, seedEvents, caseEvents: headPosition - seedEvents, headPosition,
        buildSeconds: elapsedMs(started) / 1000, firstDay: FIRST_DAY, lastDay: LAST_DAY, remove: temp.remove,
      };
    } finally {
      await reference.stop();
      await store.close();
    }
  } catch (error) {
    temp.remove();
    throw error;
  }
}

/** Appends, in time order, every planned append on a day up to `upTo`. */
async function appendDue(store: SqliteEventStore, pending: Map<string, PlannedAppend[]>, upTo: string): Promise<void> {
  const due = [...pending.keys()].filter((day) => day <= upTo).sort();
  const inFlight: Promise<unknown>[] = [];
  for (const day of due) {
    const appends = pending.get(day) ?? [];
    pending.delete(day);
    appends.sort((a, b) => a.atMs - b.atMs);
    for (const planned of appends) {
      const meta = { now: new Date(planned.atMs).toISOString(), correlationId: randomUUID(), causationId: null,
        actor: { id: 'staff-0042', role: 'window-staff' } };
      inFlight.push(store.append(planned.streamId, planned.events.map((event) => toNewEvent(event, meta)),
        { expectedRevision: planned.after < 0 ? 'no_stream' : planned.after }));
      if (inFlight.length >= APPENDS_IN_FLIGHT) await Promise.all(inFlight.splice(0));
    }
  }
  await Promise.all(inFlight);
}
