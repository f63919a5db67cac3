import * as fs from 'node:fs';
import * as path from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { InProcessMessageBus } from '../in-process/in-process-bus';
import type { IntegrationEvent } from '../integration-event';
import type { IntegrationEventPublisher } from '../messaging.port';
import { silentLogger } from '../logging/messaging-logger';
import { planCases } from '../testing/case-stories';
import { appendCases, openStore, storedHistories, tempDir } from '../testing/case-store';
import { waitFor } from '../testing/wait-for';
import { ContractRouter } from './contract-router';
import { Relay } from './relay';
import { RelayCheckpoint } from './relay-checkpoint';

/** A transport the test controls: it can fail, and it remembers every attempt. */
class ScriptedPublisher implements IntegrationEventPublisher {
  readonly attempts: string[][] = [];
  readonly delivered: IntegrationEvent[] = [];
  failuresLeft = 0;
  async publish(events: readonly IntegrationEvent[]): Promise<void> {
    this.attempts.push(events.map((event) => event.id));
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('broker unavailable');
    }
    this.delivered.push(...events);
  }
  async close(): Promise<void> {}
}

describe('relay', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  const relays: Relay[] = [];
  const errors: string[] = [];
  const logger = { ...silentLogger, error: (message: string, fields?: Record<string, unknown>) => void errors.push(`${message} ${JSON.stringify(fields)}`) };
  const relayOf = (publisher: IntegrationEventPublisher, options: { standbyRetryMs?: number; publishBatchSize?: number } = {}) => {
    const relay = new Relay(store, publisher, ContractRouter.default(store), { checkpointFile: path.join(dataDir, 'relay.sqlite'), logger, ...options });
    relays.push(relay);
    return relay;
  };

  beforeEach(() => {
    dataDir = tempDir();
    // No polling to speak of: only the store's commit notification can wake the relay.
    store = openStore(dataDir, 60_000);
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    expect(errors.splice(0)).toEqual([]);
  });

  it('publishes every public case event of the log, in order, and wakes on new appends', async () => {
    const publisher = new ScriptedPublisher();
    const relay = relayOf(publisher);
    const first = planCases(6);
    await appendCases(store, first);
    relay.start();
    await relay.caughtUp();
    const second = planCases(6);
    await appendCases(store, second);
    await relay.caughtUp();

    const histories = await storedHistories(store, [...first, ...second]);
    const published = [...histories.values()].flat().filter((event) => event.type !== 'ClockSuspended').map((event) => event.id);
    expect(publisher.delivered.map((event) => event.id).sort()).toEqual(published.sort());
    const inLogOrder = [...histories.values()].flat().sort((a, b) => a.position - b.position).map((event) => event.id);
    expect(publisher.delivered.map((event) => event.id)).toEqual(inLogOrder);
    expect(relay.status()).toEqual({ active: true, checkpoint: await store.headPosition() });
  });

  it('moves its checkpoint only after the transport acknowledged', async () => {
    let acknowledge: (() => void) | null = null;
    const publisher: IntegrationEventPublisher = {
      publish: () => new Promise<void>((resolve) => (acknowledge = resolve)),
      close: async () => {},
    };
    const relay = relayOf(publisher);
    await appendCases(store, planCases(3));
    relay.start();
    const inFlight = await waitFor('a publish in flight', () => acknowledge);
    expect(relay.status().checkpoint).toBe(0);
    inFlight();
    await relay.caughtUp();
    expect(relay.status().checkpoint).toBe(await store.headPosition());
  });

  it('stalls while the transport fails, then resumes where it stopped, sending the failed batch again as it was', async () => {
    const publisher = new ScriptedPublisher();
    const relay = relayOf(publisher);
    await appendCases(store, planCases(3));
    publisher.failuresLeft = 3;
    relay.start();
    await waitFor('three failed attempts', () => publisher.attempts.length >= 3);
    expect(relay.status().checkpoint).toBe(0);
    // New events arrive during the outage: the retried batch is still the failed one, not a bigger one.
    await appendCases(store, planCases(3));
    await relay.caughtUp();

    const [failed] = publisher.attempts;
    expect(publisher.attempts.slice(0, 4)).toEqual([failed, failed, failed, failed]);
    const everything = (await store.readAll({ after: 0, limit: 1000 })).map((event) => event.id);
    expect(publisher.attempts.slice(4).flat()).toEqual(everything.slice(failed.length));
    expect(publisher.delivered.map((event) => event.id)).toEqual(everything);
    expect(relay.status().checkpoint).toBe(await store.headPosition());
  });

  it('restarts from its stored checkpoint, publishing only what came after', async () => {
    const before = new ScriptedPublisher();
    const relay = relayOf(before);
    await appendCases(store, planCases(3));
    relay.start();
    await relay.caughtUp();
    await relay.stop();
    await appendCases(store, planCases(2));

    const after = new ScriptedPublisher();
    const restarted = relayOf(after);
    restarted.start();
    await restarted.caughtUp();
    const ids = (await store.readAll({ after: 0, limit: 1000 })).map((event) => event.id);
    expect([...before.delivered, ...after.delivered].map((event) => event.id)).toEqual(ids);
  });

  it('lets only one relay publish from a store: the second stands by and takes over when the first stops', async () => {
    const active = new ScriptedPublisher();
    const standby = new ScriptedPublisher();
    const first = relayOf(active);
    const second = relayOf(standby, { standbyRetryMs: 20 });
    first.start();
    second.start();
    await appendCases(store, planCases(2));
    await first.caughtUp();
    expect(second.status()).toEqual({ active: false, checkpoint: null });
    expect(() => RelayCheckpoint.open(path.join(dataDir, 'relay.sqlite'))).toThrow(/another relay/);

    await first.stop();
    await waitFor('the standby to take over', () => second.status().active);
    await appendCases(store, planCases(2));
    await second.caughtUp();
    const ids = (await store.readAll({ after: 0, limit: 1000 })).map((event) => event.id);
    expect([...active.delivered, ...standby.delivered].map((event) => event.id)).toEqual(ids);
  });

  it('feeds the in-process bus like any transport', async () => {
    const bus = new InProcessMessageBus();
    const received: string[] = [];
    await bus.subscribe({ group: 'g', channels: ['cases'] }, (event) => void received.push(event.type));
    const relay = relayOf(bus);
    await appendCases(store, planCases(1));
    relay.start();
    await relay.caughtUp();
    expect(received).toEqual(['cn.gov.servicecenter.case.received.v1', 'cn.gov.servicecenter.case.completed.v1']);
  });
});
