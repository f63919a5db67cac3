import type { IntegrationEvent } from '../integration-event';
import type { ConsumerDb } from './consumer-db';

/**
 * A consumer's read model: a pure function from an event to its effects, and how effects
 * are written. Keeping `effectsOf` pure puts the consumer's rules in unit tests, apart from
 * Kafka and SQLite.
 */
export interface ReadModel<TEffect> {
  migrate(db: ConsumerDb): void;
  /** The effects of one event; none for types this read model ignores. Throws `UnprocessableEventError` for a broken contract. */
  effectsOf(event: IntegrationEvent): readonly TEffect[];
  apply(db: ConsumerDb, effects: readonly TEffect[]): void;
}

export type HandleResult = 'applied' | 'duplicate';

export interface ReadModelStats {
  readonly applied: number;
  readonly duplicates: number;
}

/** Stores each event's effects once: effects and the event id commit in one transaction. */
export class IdempotentReadModelConsumer<TEffect> {
  private counts: ReadModelStats = { applied: 0, duplicates: 0 };
  private readonly seen;
  private readonly remember;

  constructor(
    private readonly db: ConsumerDb,
    private readonly readModel: ReadModel<TEffect>,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {
    readModel.migrate(db);
    this.seen = db.prepare<[string], number>('SELECT 1 FROM processed_events WHERE event_id = ?').pluck();
    this.remember = db.prepare<[string, string, string]>('INSERT INTO processed_events (event_id, type, processed_at) VALUES (?, ?, ?)');
  }

  /** Throws when the event breaks its contract (before anything is written) or the write fails (nothing is). */
  handle(event: IntegrationEvent): HandleResult {
    const effects = this.readModel.effectsOf(event);
    // IMMEDIATE: the check and the write hold the write lock together, so a second consumer
    // process on the same file (a restarted one overlapping its predecessor) cannot slip in between.
    const result = this.db.transaction((): HandleResult => {
      if (this.seen.get(event.id)) return 'duplicate';
      this.readModel.apply(this.db, effects);
      this.remember.run(event.id, event.type, this.now());
      return 'applied';
    }).immediate();
    this.counts = result === 'applied'
      ? { ...this.counts, applied: this.counts.applied + 1 }
      : { ...this.counts, duplicates: this.counts.duplicates + 1 };
    return result;
  }

  stats(): ReadModelStats {
    return this.counts;
  }
}
