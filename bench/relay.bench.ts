import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { caseStreamId } from '@gov/domain';
import {
  createKafka, createRelay, IntegrationEvent, KafkaIntegrationEventPublisher, KafkaIntegrationEventSubscriber, KafkaSettings,
  parseBrokers, silentLogger,
} from '@gov/messaging';
import { appendCases, openStore, tempDir } from '../libs/messaging/src/testing/case-store';
import { caseEvents, planCases, toNewEvents } from '../libs/messaging/src/testing/case-stories';
import type { BenchOptions } from './lib/options';
import { BenchOutcome, formatNumber, heading, printTable, SummaryRow } from './lib/report';
import { RunEnvironment, writeResult } from './lib/results';
import { median, percentileOfSorted } from './lib/stats';

/**
 * The Kafka relay against the broker in KAFKA_BROKERS (the CI broker: `test/kafka/start-kafka.sh`):
 * 1. throughput: a store holding `backlogCases` case histories, a relay started from zero,
 *    events published per second until the broker has acknowledged the whole log;
 * 2. latency: receipts appended at a fixed rate while the relay runs, and the time from issuing
 *    the append to a consumer group's handler running on the event (offsets commit after it).
 * Without KAFKA_BROKERS it says so in one line and writes no figures.
 */
export async function runRelayBench(options: BenchOptions, environment: RunEnvironment): Promise<BenchOutcome> {
  heading('6. The Kafka relay: events published per second, append-to-consumer latency at a fixed rate');
  const brokers = parseBrokers(process.env.KAFKA_BROKERS);
  if (brokers.length === 0) {
    console.log('  skipped: KAFKA_BROKERS is not set (start a broker with `eval "$(bash test/kafka/start-kafka.sh)"`)');
    const file = writeResult('relay', environment, { skipped: 'KAFKA_BROKERS is not set' });
    return { name: 'relay', file, figures: {}, rows: [] };
  }
  const backlogCases = options.mode === 'quick' ? 2_000 : 20_000;
  const rate = 500;
  const seconds = options.mode === 'quick' ? 3 : 10;
  const runs: RelayRun[] = [];
  for (let run = 0; run < Math.min(options.runs, 3); run += 1) runs.push(await relayRun(brokers, backlogCases, rate, seconds));
  const m = {
    publishedPerSecond: median(runs.map((r) => r.publishedPerSecond)),
    p50Ms: median(runs.map((r) => r.latency.p50Ms)),
    p99Ms: median(runs.map((r) => r.latency.p99Ms)),
  };
  printTable(['figure', 'median'], [
    [`published from a backlog of ${formatNumber(runs[0].backlogEvents)} events, events/s`, formatNumber(m.publishedPerSecond)],
    [`append → consumer handler at ${rate} events/s, p50 ms`, formatNumber(m.p50Ms)],
    [`append → consumer handler at ${rate} events/s, p99 ms`, formatNumber(m.p99Ms)],
  ]);
  const rows: SummaryRow[] = [
    { benchmark: 'relay', figure: 'relay: events published to Kafka (backlog)', value: m.publishedPerSecond, unit: 'events/s',
      note: `${formatNumber(runs[0].backlogEvents)} events, acks from all in-sync replicas` },
    { benchmark: 'relay', figure: `relay: append → consumer effect at ${rate}/s, p99`, value: m.p99Ms, unit: 'ms', note: `p50 ${formatNumber(m.p50Ms)} ms` },
  ];
  const file = writeResult('relay', environment, {
    durability: 'store at synchronous NORMAL; producer idempotent, acks -1; single-node KRaft broker on this machine',
    settings: { backlogCases, rate, seconds, runs: runs.length, brokers }, median: m, runs,
  });
  return { name: 'relay', file, figures: { relayPublishedPerSecond: m.publishedPerSecond, relayP99Ms: m.p99Ms }, rows };
}

interface RelayRun {
  readonly backlogEvents: number;
  readonly publishedPerSecond: number;
  readonly latency: { readonly events: number; readonly received: number; readonly p50Ms: number; readonly p99Ms: number };
}

async function relayRun(brokers: readonly string[], backlogCases: number, rate: number, seconds: number): Promise<RelayRun> {
  const dir = tempDir('bench-relay-');
  const settings: KafkaSettings = {
    brokers, clientId: 'bench-relay', topicPrefix: `bench-${randomUUID().slice(0, 8)}-`, topicPartitions: 3, replicationFactor: 1,
  };
  const store = openStore(dir);
  const kafka = createKafka(settings, silentLogger);
  const publisher = new KafkaIntegrationEventPublisher(kafka, settings, silentLogger);
  const relay = createRelay(store, publisher, dir, silentLogger);
  try {
    await appendCases(store, planCases(backlogCases));
    const backlogEvents = await store.headPosition();
    const started = performance.now();
    relay.start();
    await relay.caughtUp();
    const publishedPerSecond = Math.round(backlogEvents / ((performance.now() - started) / 1000));

    const appendedAt = new Map<string, number>();
    const latencies: number[] = [];
    const subscriber = new KafkaIntegrationEventSubscriber(kafka, settings, { logger: silentLogger, sessionTimeoutMs: 6_000 });
    let backlogReceived = 0;
    const consumer = await subscriber.subscribe({ group: `${settings.topicPrefix}latency`, channels: ['cases'] }, (event: IntegrationEvent) => {
      const at = appendedAt.get(event.id);
      if (at !== undefined) latencies.push(performance.now() - at);
      else backlogReceived += 1;
    });
    // A new consumer group starts from the beginning: the timed appends start once it has read the backlog
    // (otherwise the first ones wait behind it, and p99 measures the backlog, ~1.3 s here, not the relay).
    await untilQuiet(() => backlogReceived);
    const total = rate * seconds;
    await appendAtRate(total, rate, async (i, tag) => {
      const planned = planCases(1, `${tag}${i}`)[0];
      const [receipt] = toNewEvents(caseEvents(planned.caseNo, planned.department, planned.story).slice(0, 1));
      // From the moment the append is issued: the latency includes the append's own commit.
      appendedAt.set(receipt.id, performance.now());
      await store.append(caseStreamId(planned.caseNo), [receipt], { expectedRevision: 'no_stream' });
    });
    const deadline = Date.now() + 30_000;
    while (latencies.length < total && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await consumer.stop();
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      backlogEvents, publishedPerSecond,
      latency: { events: total, received: latencies.length, p50Ms: round(percentileOfSorted(sorted, 50)), p99Ms: round(percentileOfSorted(sorted, 99)) },
    };
  } finally {
    await relay.stop();
    await publisher.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Calls `append` `total` times, evenly spaced at `rate` per second (a 10 ms tick, catching up if late). */
async function appendAtRate(total: number, rate: number, append: (i: number, tag: string) => Promise<void>): Promise<void> {
  const tag = randomUUID().slice(0, 4).toUpperCase();
  const started = performance.now();
  const pending: Promise<void>[] = [];
  let issued = 0;
  while (issued < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    for (; issued < due; issued += 1) pending.push(append(issued, tag));
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await Promise.all(pending);
}

/** Resolves once `count` has grown and then not moved for a second (at most a minute). */
async function untilQuiet(count: () => number): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = -1;
  let stillSince = Date.now();
  while (Date.now() < deadline) {
    const now = count();
    if (now !== last) [last, stillSince] = [now, Date.now()];
    else if (now > 0 && Date.now() - stillSince >= 1000) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
