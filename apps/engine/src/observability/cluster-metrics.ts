import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue, type Registry } from 'prom-client';

/**
 * /metrics of a clustered engine (API_PROCESSES > 1): a scrape lands on whichever API process
 * the connection was given to, yet must count the whole engine. That process asks the
 * primary, which collects every engine process's metrics over the cluster's IPC channel and
 * adds them up with prom-client's own aggregation (counters and histograms summed, gauges as
 * each declares: `max` for the read-model figures every process reads alike).
 */
type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

type Message =
  | { readonly type: 'gov-metrics:ask'; readonly id: number }
  | { readonly type: 'gov-metrics:answer'; readonly id: number; readonly text?: string; readonly error?: string }
  | { readonly type: 'gov-metrics:collect'; readonly id: number }
  | { readonly type: 'gov-metrics:collected'; readonly id: number; readonly metrics?: MetricsJson; readonly error?: string };

/** The primary answers with what it has after this (a process starting or stopping may not answer)... */
const COLLECT_TIMEOUT_MS = 2000;
/** ...well before the asking process gives up on it. */
const ASK_TIMEOUT_MS = 5000;
let nextId = 0;

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
    && (value as { type: string }).type.startsWith('gov-metrics:');
}

/** In a worker: answer the primary's collections with this process's registry. */
export function serveMetricsToPrimary(registry: Registry): void {
  process.on('message', (message: unknown) => {
    if (!isMessage(message) || message.type !== 'gov-metrics:collect') return;
    registry.getMetricsAsJSON().then(
      (metrics) => sendToPrimary({ type: 'gov-metrics:collected', id: message.id, metrics }),
      (error: unknown) => sendToPrimary({ type: 'gov-metrics:collected', id: message.id, error: String(error) }),
    );
  });
}

/** In a worker: the whole engine's metrics, in Prometheus' text format, from the primary. */
export function askPrimaryForMetrics(): Promise<string> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error('the engine primary did not answer for its metrics')), ASK_TIMEOUT_MS);
    const onMessage = (message: unknown) => {
      if (!isMessage(message) || message.type !== 'gov-metrics:answer' || message.id !== id) return;
      finish(message.error === undefined ? undefined : new Error(message.error), message.text);
    };
    const finish = (error?: Error, text?: string) => {
      clearTimeout(timer);
      process.off('message', onMessage);
      if (error) reject(error);
      else resolve(text ?? '');
    };
    process.on('message', onMessage);
    sendToPrimary({ type: 'gov-metrics:ask', id }, (error) => finish(error));
  });
}

/** With a callback: a send on a closed channel (the engine stopping) must not throw as an 'error' event. */
function sendToPrimary(message: Message, onError: (error: Error) => void = () => undefined): void {
  process.send?.(message, undefined, undefined, (error: Error | null) => {
    if (error) onError(error);
  });
}

/** In the primary: answer the workers' asks by collecting from `engineWorkers()` (the relay has metrics of its own). */
export function answerMetricsAsks(engineWorkers: () => readonly Worker[]): void {
  const collecting = new Map<number, { pending: number; collected: MetricsJson[]; done: () => void }>();
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === 'gov-metrics:collected') {
      const collection = collecting.get(message.id);
      if (!collection) return;
      // A process that could not read its metrics is left out, like one that did not answer.
      if (message.error === undefined) collection.collected.push(message.metrics ?? []);
      if (--collection.pending === 0) collection.done();
      return;
    }
    if (message.type !== 'gov-metrics:ask') return;
    const answer = (reply: Message) => {
      if (worker.isConnected()) worker.send(reply, undefined, () => undefined);
    };
    const targets = engineWorkers().filter((target) => target.isConnected());
    const id = nextId++;
    // What arrived by then: a process still starting (or stopping) does not blank the scrape.
    const timer = setTimeout(() => done(), COLLECT_TIMEOUT_MS);
    const done = () => {
      const collection = collecting.get(id);
      if (!collection) return;
      collecting.delete(id);
      clearTimeout(timer);
      let aggregated: Promise<string>;
      try {
        aggregated = AggregatorRegistry.aggregate(collection.collected).metrics();
      } catch (failure) {
        // In the primary's message handler: a throw here would take the whole engine down.
        aggregated = Promise.reject(failure);
      }
      aggregated.then(
        (text) => answer({ type: 'gov-metrics:answer', id: message.id, text }),
        (failure: unknown) => answer({ type: 'gov-metrics:answer', id: message.id, error: String(failure) }),
      );
    };
    collecting.set(id, { pending: targets.length, collected: [], done });
    for (const target of targets) target.send({ type: 'gov-metrics:collect', id } satisfies Message, undefined, () => undefined);
  });
}
