import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { KafkaSettings, parseBrokers } from '@gov/messaging';

/**
 * Where the Kafka suites get a broker, decided once per test file:
 *  - KAFKA_BROKERS set (CI: .ci/run starts one from test/kafka/start-kafka.sh) → use it;
 *  - else Docker reachable → a throwaway broker from testcontainers;
 *  - else the suite is skipped, with one line saying why — except under CI, where a missing
 *    broker fails the run instead of skipping it quietly.
 */
export interface KafkaTestEnv {
  readonly brokers: readonly string[];
  readonly origin: 'KAFKA_BROKERS' | 'testcontainers';
  /** Settings with a topic prefix of their own: fresh topic names for each call. */
  freshSettings(clientId: string): KafkaSettings;
  admin(): Promise<Admin>;
}

type Availability = { readonly kind: 'env'; readonly brokers: string[] } | { readonly kind: 'docker' } | { readonly kind: 'none'; readonly reason: string };

const CONFLUENT_IMAGE = 'confluentinc/cp-kafka:7.9.0';

/** Null when the Kafka suites have a broker (KAFKA_BROKERS or Docker); otherwise why not. */
export function kafkaUnavailableBecause(): string | null {
  const found = availability();
  return found.kind === 'none' ? found.reason : null;
}

function availability(): Availability {
  const brokers = parseBrokers(process.env.KAFKA_BROKERS);
  if (brokers.length > 0) return { kind: 'env', brokers };
  const docker = dockerUnavailableBecause();
  return docker === null ? { kind: 'docker' } : { kind: 'none', reason: `KAFKA_BROKERS is not set and ${docker}` };
}

/** Null when a Docker daemon answers on its socket; otherwise why not. Synchronous: jest decides skips at collection time. */
function dockerUnavailableBecause(): string | null {
  const host = process.env.DOCKER_HOST;
  const socket = host?.startsWith('unix://') ? host.slice('unix://'.length)
    : host ? null
    : [path.join('/var/run/docker.sock'), path.join(os.homedir(), '.docker/run/docker.sock'), path.join(os.homedir(), '.colima/default/docker.sock')].find((file) => fs.existsSync(file));
  if (host && socket === null) return null; // a TCP DOCKER_HOST: let testcontainers try it
  if (!socket) return 'no Docker socket was found (start a broker with test/kafka/start-kafka.sh and export KAFKA_BROKERS)';
  const probe = spawnSync(process.execPath, ['-e', `require('net').connect(${JSON.stringify(socket)}).on('connect', () => process.exit(0)).on('error', () => process.exit(1))`], { timeout: 5_000 });
  return probe.status === 0 ? null : `the Docker socket ${socket} does not answer`;
}

function quietKafka(brokers: readonly string[], clientId: string): Kafka {
  return new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.NOTHING, connectionTimeout: 3_000 });
}

async function startEnv(found: Exclude<Availability, { kind: 'none' }>): Promise<{ env: KafkaTestEnv; stop(): Promise<void> }> {
  let brokers: readonly string[];
  let stop = async () => {};
  if (found.kind === 'env') {
    brokers = found.brokers;
  } else {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer(CONFLUENT_IMAGE).withKraft().start();
    brokers = [`${container.getHost()}:${container.getMappedPort(9093)}`];
    stop = async () => void (await container.stop());
  }
  const admins: Admin[] = [];
  const env: KafkaTestEnv = {
    brokers,
    origin: found.kind === 'env' ? 'KAFKA_BROKERS' : 'testcontainers',
    freshSettings: (clientId) => ({
      brokers, clientId, topicPrefix: `t-${randomUUID().slice(0, 8)}-`, topicPartitions: 3, replicationFactor: 1,
    }),
    admin: async () => {
      const admin = quietKafka(brokers, 'kafka-test-env').admin();
      await admin.connect();
      admins.push(admin);
      return admin;
    },
  };
  return {
    env,
    stop: async () => {
      await Promise.all(admins.map((admin) => admin.disconnect().catch(() => undefined)));
      await stop();
    },
  };
}

/** `describe` for a suite that needs a broker; `env()` is available from the first test on. */
export function describeWithKafka(name: string, body: (env: () => KafkaTestEnv) => void): void {
  const found = availability();
  if (found.kind === 'none') {
    if (process.env.CI) {
      describe(name, () => {
        it('has a Kafka broker (CI never skips the Kafka suites)', () => {
          throw new Error(`CI is set but ${found.reason}`);
        });
      });
      return;
    }
    process.stderr.write(`[kafka] skipping "${name}": ${found.reason}\n`);
    describe.skip(name, () => body(() => { throw new Error('skipped'); }));
    return;
  }
  describe(name, () => {
    let started: Awaited<ReturnType<typeof startEnv>> | undefined;
    beforeAll(async () => {
      started = await startEnv(found);
    }, 240_000);
    afterAll(async () => {
      await started?.stop();
    });
    body(() => {
      if (!started) throw new Error('the Kafka test environment did not start');
      return started.env;
    });
  });
}
