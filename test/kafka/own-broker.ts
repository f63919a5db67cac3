import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { kafkaUnavailableBecause } from './kafka-test-env';

/**
 * A second, private broker that a test may stop and start again (the shared one must stay
 * up for the other suites): started by test/kafka/start-kafka.sh on free ports, restarted
 * with the very command line it ran with, on the same data directory, so its topics and
 * producer state survive the outage as they would in production.
 */
export interface OwnBroker {
  readonly brokers: readonly string[];
  /** SIGTERM (Kafka's controlled shutdown), or SIGKILL for a crash; resolves once the process is gone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same data and ports; resolves once it serves. */
  restart(): Promise<void>;
  /** Stops it for good and removes its data. */
  destroy(): Promise<void>;
  /** Sends the broker's process a signal: SIGSTOP freezes it (a hung broker: its sockets stay open, nothing answers), SIGCONT thaws it. */
  signal(signal: NodeJS.Signals): void;
}

const SCRIPTS = __dirname;

/** Null when this machine can run one (Java, the broker's jars or Maven to fetch them, /proc to restart it); otherwise why not. */
export function ownBrokerUnavailableBecause(): string | null {
  if (process.platform !== 'linux') return 'restarting a private broker reads /proc (Linux only)';
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) return 'java is not installed (test/kafka/start-kafka.sh runs the broker on Java 17+)';
  const cached = fs.existsSync(path.resolve(SCRIPTS, '../../.cache', `kafka-${process.env.KAFKA_VERSION ?? '4.1.1'}`, '.complete'));
  if (!cached && spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) return 'the Kafka jars are not cached and mvn is not installed to fetch them';
  return null;
}

/** `describe` for a suite that stops and restarts a broker of its own. */
export function describeWithOwnBroker(name: string, body: (broker: () => OwnBroker) => void): void {
  // Like every Kafka suite, it runs where a broker is configured (CI), and skips elsewhere.
  const reason = kafkaUnavailableBecause() ?? ownBrokerUnavailableBecause();
  if (reason !== null) {
    if (process.env.CI) {
      describe(name, () => it('can run a broker of its own (CI never skips the Kafka suites)', () => {
        throw new Error(`CI is set but ${reason}`);
      }));
      return;
    }
    process.stderr.write(`[kafka] skipping "${name}": ${reason}\n`);
    describe.skip(name, () => body(() => { throw new Error('skipped'); }));
    return;
  }
  describe(name, () => {
    let broker: OwnBroker | undefined;
    beforeAll(async () => {
      broker = await startOwnBroker();
    }, 180_000);
    afterAll(async () => {
      await broker?.destroy();
    }, 60_000);
    body(() => {
      if (!broker) throw new Error('the private broker did not start');
      return broker;
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject).listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function exited(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

export async function startOwnBroker(): Promise<OwnBroker> {
  const [port, controllerPort] = [await freePort(), await freePort()];
  const started = await run('bash', [path.join(SCRIPTS, 'start-kafka.sh')], { ...process.env, KAFKA_PORT: String(port), KAFKA_CONTROLLER_PORT: String(controllerPort) });
  if (started.code !== 0) throw new Error(`start-kafka.sh failed (${started.code}):\n${started.stderr.slice(-3000)}`);
  const vars = Object.fromEntries(started.stdout.trim().split('\n').map((line) => line.split('=', 2) as [string, string]));
  const dataDir = vars.KAFKA_DATA_DIR;
  const brokers = [vars.KAFKA_BROKERS];
  let pid = Number(vars.KAFKA_PID);
  // The exact command line, to run the same broker again after a stop.
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((arg) => arg.length > 0);

  return {
    brokers,
    async stop(signal = 'SIGTERM') {
      if (!alive(pid)) return;
      process.kill(pid, signal);
      if (!(await exited(pid, 30_000))) {
        process.kill(pid, 'SIGKILL');
        await exited(pid, 10_000);
      }
    },
    async restart() {
      const log = fs.openSync(path.join(dataDir, 'kafka.log'), 'a');
      const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: ['ignore', log, log] });
      fs.closeSync(log);
      child.unref();
      pid = child.pid as number;
      fs.writeFileSync(path.join(dataDir, 'kafka.pid'), `${pid}\n`);
      const ready = await run(process.execPath, [path.join(SCRIPTS, 'wait-for-kafka.js')], {
        ...process.env, KAFKA_BROKERS: brokers[0], KAFKA_PID: String(pid), KAFKA_WAIT_TIMEOUT_MS: '90000',
      });
      if (ready.code !== 0) throw new Error(`restarted broker did not become ready:\n${ready.stderr.slice(-2000)}`);
    },
    async destroy() {
      if (alive(pid)) process.kill(pid, 'SIGCONT');
      await run('bash', [path.join(SCRIPTS, 'stop-kafka.sh'), dataDir], { ...process.env, KAFKA_PID: String(pid) });
    },
    signal(signal) {
      process.kill(pid, signal);
    },
  };
}
