import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { caseStreamId } from '@gov/domain';
import { EventStore, NewEvent, SqliteEventStore, StoredEvent } from '@gov/event-store';
import { caseEvents, PlannedCase, toNewEvents } from './case-stories';

export function tempDir(prefix = 'gov-messaging-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function openStore(dataDir: string, pollIntervalMs?: number): SqliteEventStore {
  return SqliteEventStore.open({ file: path.join(dataDir, 'events.sqlite'), synchronous: 'NORMAL', pollIntervalMs });
}

/** Appends each planned case's history to its stream, one command's events per append, cases interleaved. */
export async function appendCases(store: EventStore, cases: readonly PlannedCase[]): Promise<void> {
  await appendInterleaved(store, cases.map((planned) => ({
    streamId: caseStreamId(planned.caseNo), events: toNewEvents(caseEvents(planned.caseNo, planned.department, planned.story)),
  })));
}

/** Appends the streams' events one at a time, the streams interleaved (as many commands at once would be). */
export async function appendInterleaved(store: EventStore, histories: readonly { streamId: string; events: readonly NewEvent[] }[]): Promise<void> {
  const longest = Math.max(...histories.map((history) => history.events.length));
  for (let step = 0; step < longest; step++) {
    for (const history of histories) {
      const event = history.events[step];
      if (event) await store.append(history.streamId, [event], { expectedRevision: step === 0 ? 'no_stream' : step - 1 });
    }
  }
}

/** Every stored event of the given cases, per case in stream order. */
export async function storedHistories(store: EventStore, cases: readonly PlannedCase[]): Promise<Map<string, StoredEvent[]>> {
  const histories = new Map<string, StoredEvent[]>();
  for (const planned of cases) histories.set(planned.caseNo, await store.readStream(caseStreamId(planned.caseNo)));
  return histories;
}
