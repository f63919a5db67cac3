#!/usr/bin/env node
// End-to-end smoke test of a running broker: produce 100 messages with an idempotent
// producer (acks -1) to a fresh 3-partition topic, read them back with a consumer group,
// and check that exactly those 100 arrived, in order within each partition.
// Exit 0 on success, 1 otherwise.
//
//   KAFKA_BROKERS=127.0.0.1:39092 node test/kafka/smoke.js
//
// Environment: KAFKA_BROKERS (default 127.0.0.1:39092), SMOKE_COUNT (default 100),
// SMOKE_TIMEOUT_MS (default 60000).
'use strict';

const { Kafka, logLevel, Partitioners } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:39092')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const COUNT = Number(process.env.SMOKE_COUNT || 100);
const TIMEOUT_MS = Number(process.env.SMOKE_TIMEOUT_MS || 60000);
const runId = `${process.pid}-${Date.now()}`;
const topic = `smoke-${runId}`;
const groupId = `smoke-group-${runId}`;

const say = (msg) => process.stderr.write(`[smoke] ${msg}\n`);

const kafka = new Kafka({
  clientId: 'kafka-smoke',
  brokers,
  logLevel: logLevel.WARN,
});

async function main() {
  const t0 = Date.now();
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    // Explicit partitioner: also silences kafkajs' v2 "switched default partitioner" warning.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
  let timer;
  try {
    await admin.connect();
    const created = await admin.createTopics({
      topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    if (!created) throw new Error(`topic ${topic} already existed`);
    say(`created ${topic} (3 partitions)`);

    // ---- produce
    await producer.connect();
    const sent = [];
    for (let i = 0; i < COUNT; i += 10) {
      const batch = [];
      for (let j = i; j < Math.min(i + 10, COUNT); j++) {
        batch.push({ key: `k${j % 7}`, value: JSON.stringify({ i: j, runId }) });
      }
      const res = await producer.send({ topic, acks: -1, messages: batch });
      for (const r of res) if (r.errorCode !== 0) throw new Error(`produce error ${JSON.stringify(r)}`);
      sent.push(...batch);
    }
    say(`produced ${sent.length} messages (idempotent, acks=-1) in ${Date.now() - t0} ms`);

    // ---- consume
    const seen = new Map(); // i -> count
    const lastOffsetByPartition = new Map();
    let orderErrors = 0;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${TIMEOUT_MS} ms with ${seen.size}/${COUNT} messages`)),
        TIMEOUT_MS,
      );
      consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            const off = Number(message.offset);
            const prev = lastOffsetByPartition.get(partition);
            if (prev !== undefined && off <= prev) orderErrors += 1;
            lastOffsetByPartition.set(partition, off);
            const { i, runId: rid } = JSON.parse(message.value.toString());
            if (rid !== runId) throw new Error(`foreign message ${message.value}`);
            seen.set(i, (seen.get(i) || 0) + 1);
            if (seen.size === COUNT) resolve();
          },
        })
        .catch(reject);
    });
    await done;
    clearTimeout(timer);
    say(`consumed ${seen.size} distinct messages via group ${groupId} in ${Date.now() - t0} ms total`);

    // Let the group commit, then check committed offsets cover every message.
    await consumer.stop();
    const dupes = [...seen.values()].filter((c) => c > 1).length;
    const missing = [];
    for (let i = 0; i < COUNT; i++) if (!seen.has(i)) missing.push(i);
    const offsets = await admin.fetchTopicOffsets(topic);
    const total = offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
    say(`partitions: ${offsets.map((p) => `${p.partition}:${p.low}-${p.high}`).join(' ')}`);
    if (missing.length || dupes || orderErrors || total !== COUNT) {
      throw new Error(
        `verification failed: missing=${missing.length} duplicates=${dupes} ` +
          `orderErrors=${orderErrors} logEndTotal=${total} (expected ${COUNT})`,
      );
    }
    await admin.deleteTopics({ topics: [topic] }).catch((e) => say(`(deleteTopics: ${e.message})`));
    say(`OK: ${COUNT}/${COUNT} messages round-tripped`);
    return 0;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => {});
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    say(`FAILED: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  },
);
