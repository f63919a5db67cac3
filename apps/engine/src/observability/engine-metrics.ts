import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { clusterPart } from '../infrastructure/cluster-part';
import { askPrimaryForMetrics, serveMetricsToPrimary } from './cluster-metrics';

/** Where the scrape-time gauges read their values; null leaves the series out. */
export interface EngineGaugeSources {
  /** Store positions the read models have not projected yet. */
  projectionLag(): Promise<number>;
  /** Store positions the in-engine relay has not published yet; null when it does not run here. */
  relayLag(): Promise<number | null>;
  /** Accepted cases open on the clock, and those of them overdue, from the read models. */
  caseCounts(): Promise<{ open: number; overdue: number }>;
}

export type CommandOutcome = 'accepted' | 'refused' | 'failed';

/**
 * The engine's Prometheus metrics, in a registry of its own (tests start several engines in
 * one process). Counters move as commands are answered; the gauges are read at scrape time.
 * In a clustered engine (API_PROCESSES) a scrape answers for all its processes together.
 */
export class EngineMetrics {
  readonly registry = new Registry();
  private readonly commands: Counter<'command' | 'outcome'>;
  private readonly durations: Histogram<'command'>;

  constructor(sources: EngineGaugeSources) {
    collectDefaultMetrics({ register: this.registry });
    this.commands = new Counter({
      name: 'gov_commands_total',
      help: 'Commands answered, by route and outcome (accepted 2xx, refused 4xx, failed 5xx)',
      labelNames: ['command', 'outcome'],
      registers: [this.registry],
    });
    this.durations = new Histogram({
      name: 'gov_command_duration_seconds',
      help: 'Time from request to answer of a command, by route',
      labelNames: ['command'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.gauge('gov_projection_lag_positions', 'Store positions between the head and the read models checkpoint', () => sources.projectionLag());
    this.gauge('gov_relay_lag_positions', 'Store positions between the head and what the relay in this engine has published', () => sources.relayLag());
    this.gauge('gov_cases_open', 'Accepted cases open on the clock (read models)', async () => (await sources.caseCounts()).open);
    this.gauge('gov_cases_overdue', 'Open cases past their legal due time (red card; read models)', async () => (await sources.caseCounts()).overdue);
    if (clusterPart()) serveMetricsToPrimary(this.registry);
  }

  observeCommand(command: string, statusCode: number, seconds: number): void {
    const outcome: CommandOutcome = statusCode >= 500 ? 'failed' : statusCode >= 400 ? 'refused' : 'accepted';
    this.commands.inc({ command, outcome });
    this.durations.observe({ command }, seconds);
  }

  render(): Promise<string> {
    return clusterPart() ? askPrimaryForMetrics() : this.registry.metrics();
  }

  private gauge(name: string, help: string, read: () => Promise<number | null>): void {
    new Gauge({
      name,
      help,
      registers: [this.registry],
      // Every process of a clustered engine reads the same store: the figure once, not summed.
      aggregator: 'max',
      async collect() {
        this.reset();
        const value = await read();
        if (value !== null) this.set(value);
      },
    });
  }
}

/** Methods that change state: every POST, PUT, PATCH or DELETE under /api is a command. */
export function commandRoute(method: string, routeUrl: string | undefined): string | null {
  if (!routeUrl?.startsWith('/api/') || !['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) return null;
  return `${method} ${routeUrl}`;
}
