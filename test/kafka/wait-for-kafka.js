#!/usr/bin/env node
// Wait until a Kafka broker is really serving, then exit 0; exit 1 at the deadline,
// exit 2 as soon as the process KAFKA_PID (if given) has exited.
//
//   KAFKA_BROKERS=127.0.0.1:39092 node test/kafka/wait-for-kafka.js
//
// "Serving" means: kafkajs' admin client connects, describeCluster answers, a throwaway
// topic can be created with waitForLeaders:true (so the KRaft controller has elected a
// leader and the broker has caught up on metadata), an idempotent producer (acks -1) can
// write to it, the group coordinator answers (this creates __consumer_offsets), and the
// topic can be deleted again.
//
// Environment:
//   KAFKA_BROKERS          comma-separated host:port list   (default 127.0.0.1:39092)
//   KAFKA_WAIT_TIMEOUT_MS  overall deadline                  (default 90000)
//   KAFKA_PID              optional: pid of the broker; if it exits, give up at once (exit 2)
'use strict';

const { Kafka, logLevel, Partitioners } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:39092')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const timeoutMs = Number(process.env.KAFKA_WAIT_TIMEOUT_MS || 90000);
const brokerPid = process.env.KAFKA_PID ? Number(process.env.KAFKA_PID) : null;
const started = Date.now();
const deadline = started + timeoutMs;

const say = (msg) => process.stderr.write(`[wait-for-kafka] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const left = () => deadline - Date.now();
let stage = 'start';

function brokerAlive() {
  if (!brokerPid) return true;
  try {
    process.kill(brokerPid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

// Give up on one attempt after `ms`, whatever kafkajs is doing.
function within(ms, promise, what) {
  let t;
  return Promise.race([
    promise,
    new Promise((_, rej) => {
      t = setTimeout(() => rej(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(t));
}

async function attempt() {
  const kafka = new Kafka({
    clientId: 'wait-for-kafka',
    brokers,
    connectionTimeout: 2000,
    requestTimeout: 10000,
    // A few quick retries ride over the broker's first-use "coordinator not available /
    // loading" answers; a refused connection just fails this attempt and main() loops.
    retry: { retries: 6, initialRetryTime: 100, maxRetryTime: 1000 },
    // Connection-refused noise is expected while the JVM starts; we report ourselves.
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  const topic = `__wait-for-kafka-${process.pid}-${Date.now()}`;
  let createdTopic = false;
  try {
    stage = 'connect';
    await admin.connect();
    stage = 'describeCluster';
    const cluster = await admin.describeCluster();
    stage = 'createTopics(waitForLeaders)';
    createdTopic = await admin.createTopics({
      topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
      timeout: 10000,
    });
    if (!createdTopic) throw new Error(`createTopics(${topic}) returned false`);
    // Warm-up, so the tests' first producer/consumer do not meet the broker's first-use
    // errors (kafkajs logs them at ERROR level even though it retries them):
    //  - an idempotent acks=-1 send allocates a producer id (InitProducerId answers
    //    COORDINATOR_LOAD_IN_PROGRESS on a fresh broker),
    //  - looking up a group's coordinator creates __consumer_offsets (FindCoordinator
    //    answers COORDINATOR_NOT_AVAILABLE until then).
    stage = 'idempotent produce';
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: [{ value: 'ready?' }] });
    stage = 'group coordinator';
    await admin.describeGroups(['wait-for-kafka']);
    stage = 'deleteTopics';
    await admin.deleteTopics({ topics: [topic], timeout: 10000 });
    createdTopic = false;
    return cluster;
  } finally {
    if (createdTopic) await admin.deleteTopics({ topics: [topic] }).catch(() => {});
    await producer.disconnect().catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}

async function main() {
  let lastError = null;
  let tries = 0;
  while (left() > 0) {
    if (!brokerAlive()) {
      say(`broker process ${brokerPid} has exited; giving up`);
      return 2;
    }
    tries += 1;
    try {
      const cluster = await within(Math.max(1000, Math.min(30000, left())), attempt(), 'readiness check');
      const ids = cluster.brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join(', ');
      say(
        `ready after ${Date.now() - started} ms (${tries} tries): cluster ${cluster.clusterId}, ` +
          `controller ${cluster.controller}, brokers [${ids}]`,
      );
      return 0;
    } catch (e) {
      const msg = `${e && e.name ? e.name + ': ' : ''}${e && e.message ? e.message : e}`;
      const full = `${stage}: ${msg}`;
      if (full !== lastError) say(`not ready yet (${full})`);
      lastError = full;
    }
    await sleep(Math.min(500, Math.max(0, left())));
  }
  say(`gave up after ${timeoutMs} ms (${tries} tries); last error: ${lastError}`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    say(`unexpected error: ${e && e.stack ? e.stack : e}`);
    process.exit(1);
  },
);
