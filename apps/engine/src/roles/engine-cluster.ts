import cluster, { type Worker } from 'node:cluster';
import * as path from 'node:path';
import { EngineConfig, loadConfig, localUrl } from '../config/engine.config';
import { Logger } from '@nestjs/common';
import { createApp } from '../create-app';
import { stopGracefully } from '../http/graceful-stop';
import { createPinoLogger } from '../http/pino-logger';
import { answerMetricsAsks } from '../observability/cluster-metrics';
import { CLUSTER_PART_VARIABLE } from '../infrastructure/cluster-part';

/**
 * `API_PROCESSES=n npm start`: the engine on every core of one machine. The all-in-one engine
 * decides every command on one thread; here the primary process forks the parts the
 * distributed deployment runs apart (infrastructure/engine-role.ts), on the same DATA_DIR and settings:
 * n command API processes sharing the engine's port (Node's cluster module hands each new
 * connection to the next of them), one projector and one watcher (each under its lease), and
 * with MESSAGING=kafka the relay (apps/relay, its /health and /metrics on its HEALTH_PORT as
 * when it runs alone). The primary holds no store; it only supervises.
 * If any part exits, the primary stops the others and exits non-zero, for the service manager
 * to restart the whole engine: a part missing would go unnoticed otherwise.
 */
type WorkerPart = 'api' | 'projector' | 'watcher' | 'relay';

const RELAY_MAIN = path.resolve(__dirname, '../../../relay/src/main.js');

/** A worker: an API process listens on the engine's port (shared); the projector and the watcher need no port. */
export async function runClusterWorker(part: 'api' | 'projector' | 'watcher'): Promise<void> {
  const config = loadConfig();
  const app = await createApp({ logLevel: config.logLevel, config, role: part, ownSignals: true });
  stopGracefully(app, { drainMs: config.stopDrainMs }, new Logger(`stop:${part}`));
  if (part === 'api') await app.listen({ port: config.port, host: config.host });
}

export async function runClusterPrimary(config: EngineConfig): Promise<void> {
  const logger = createPinoLogger(config.logLevel).child({ context: 'engine' });
  const workers = new Map<Worker, WorkerPart>();
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    const exits = [...workers.keys()].map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
    for (const worker of workers.keys()) worker.process.kill('SIGTERM');
    // A part that hangs while stopping (a broker that does not answer) must not keep the engine half up.
    const overdue = setTimeout(() => {
      for (const [worker, part] of workers) {
        logger.warn(`the ${part} process (pid ${String(worker.process.pid)}) did not stop within ${config.stopGraceMs} ms; killing it`);
        worker.process.kill('SIGKILL');
      }
    }, config.stopGraceMs);
    await Promise.all(exits);
    clearTimeout(overdue);
    process.exit(exitCode);
  };
  const fork = (part: WorkerPart): Worker => {
    cluster.setupPrimary(part === 'relay' ? { exec: RELAY_MAIN } : { exec: process.argv[1] });
    const worker = cluster.fork({ [CLUSTER_PART_VARIABLE]: part });
    workers.set(worker, part);
    worker.once('exit', (code, signal) => {
      workers.delete(worker);
      if (stopping) return;
      logger.error(`the ${part} process (pid ${String(worker.process.pid)}) exited (${signal ?? code}); stopping the engine`);
      void stop(1);
    });
    return worker;
  };
  answerMetricsAsks(() => [...workers].filter(([, part]) => part !== 'relay').map(([worker]) => worker));
  process.once('SIGTERM', () => void stop(0));
  process.once('SIGINT', () => void stop(0));

  // On a first start the first API process seeds the store and makes the secrets: the others wait for it.
  try {
    await listening(fork('api'));
  } catch (error) {
    if (stopping) return; // SIGTERM while it started: the stop exits the process.
    throw error;
  }
  if (stopping) return; // SIGTERM as it began to listen: fork nothing more.
  const apis = Array.from({ length: config.apiProcesses - 1 }, () => listening(fork('api')));
  fork('projector');
  fork('watcher');
  if (config.messaging === 'kafka') fork('relay');
  try {
    await Promise.all(apis);
  } catch (error) {
    // Stopped (SIGTERM) while an API process was still starting: the stop exits the process.
    if (stopping) return;
    throw error;
  }
  logger.info(`engine ready at ${localUrl(config)}: ${config.apiProcesses} API processes, a projector and a watcher — data in ${config.dataDir}`);
}

function listening(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once('listening', () => resolve());
    worker.once('exit', (code, signal) => reject(new Error(`an API process exited (${signal ?? code}) before it listened`)));
  });
}
