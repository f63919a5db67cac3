import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';

/**
 * Prometheus metrics of a relay or consumer process, in a registry of its own (so tests may
 * start several in one process). Each gauge is read when scraped, never kept up to date.
 */
export interface GaugeDefinition {
  readonly name: string;
  readonly help: string;
  /** The current value; null when unknown (the series is then left out of the scrape). */
  read(): Promise<number | null>;
}

export interface ProcessMetrics {
  readonly contentType: string;
  render(): Promise<string>;
}

export function processMetrics(service: string, gauges: readonly GaugeDefinition[]): ProcessMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  for (const definition of gauges) {
    new Gauge({
      name: definition.name,
      help: definition.help,
      registers: [registry],
      async collect() {
        this.reset();
        const value = await definition.read();
        if (value !== null) this.set(value);
      },
    });
  }
  return { contentType: registry.contentType, render: () => registry.metrics() };
}
