import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

/**
 * Where the EventStoreDB contract run gets a server, decided when the test file is collected:
 *  - ESDB_CONNECTION_STRING set → that server (e.g. `esdb://localhost:2113?tls=false`);
 *  - else a Docker engine answers → a throwaway single node from testcontainers (in memory);
 *  - else none: `reason` says why, and the run is skipped with that one line.
 */
export interface EventStoreDbTestServer {
  readonly reason: string | null;
  connectionString(): Promise<string>;
  stop(): Promise<void>;
}

export const ESDB_TEST_IMAGE = process.env.ESDB_TEST_IMAGE ?? 'eventstore/eventstore:24.10';

export function eventStoreDbForTests(env: NodeJS.ProcessEnv = process.env): EventStoreDbTestServer {
  const given = env.ESDB_CONNECTION_STRING;
  if (given) return { reason: null, connectionString: async () => given, stop: async () => undefined };
  const docker = dockerUnavailableBecause(env);
  if (docker) {
    return {
      reason: `no ESDB_CONNECTION_STRING and ${docker}`,
      connectionString: () => Promise.reject(new Error('no EventStoreDB server')),
      stop: async () => undefined,
    };
  }
  let started: Promise<{ url: string; stop(): Promise<unknown> }> | undefined;
  return {
    reason: null,
    connectionString: async () => {
      started ??= startContainer();
      return (await started).url;
    },
    stop: async () => void (started && (await (await started).stop())),
  };
}

async function startContainer(): Promise<{ url: string; stop(): Promise<unknown> }> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(ESDB_TEST_IMAGE)
    .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_MEM_DB: 'true', EVENTSTORE_RUN_PROJECTIONS: 'None', EVENTSTORE_CLUSTER_SIZE: '1' })
    .withExposedPorts(2113)
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .withStartupTimeout(120_000)
    .start();
  return { url: `esdb://${container.getHost()}:${container.getMappedPort(2113)}?tls=false`, stop: () => container.stop() };
}

/** Null when a Docker daemon answers on its socket. Synchronous: jest decides skips at collection time. */
function dockerUnavailableBecause(env: NodeJS.ProcessEnv): string | null {
  const host = env.DOCKER_HOST;
  if (host && !host.startsWith('unix://')) return null; // a TCP DOCKER_HOST: let testcontainers try it
  const socket = host ? host.slice('unix://'.length) : '/var/run/docker.sock';
  if (!fs.existsSync(socket)) return `no Docker engine (no socket at ${socket})`;
  const probe = spawnSync(process.execPath, ['-e', `require('net').connect(${JSON.stringify(socket)}).on('connect', () => process.exit(0)).on('error', () => process.exit(1))`], { timeout: 5_000 });
  return probe.status === 0 ? null : `the Docker socket ${socket} does not answer`;
}
