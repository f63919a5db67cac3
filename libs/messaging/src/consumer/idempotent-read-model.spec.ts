import type { IntegrationEvent } from '../integration-event';
import { UnprocessableEventError } from '../messaging.errors';
import { ConsumerDb, openConsumerDb } from './consumer-db';
import { IdempotentReadModelConsumer, ReadModel } from './idempotent-read-model';

type Effect = { readonly amount: number };

const counter: ReadModel<Effect> = {
  migrate: (db) => db.exec('CREATE TABLE IF NOT EXISTS total (id INTEGER PRIMARY KEY CHECK (id = 1), amount INTEGER NOT NULL); INSERT OR IGNORE INTO total VALUES (1, 0)'),
  effectsOf: (event) => {
    const amount = (event.data as { amount?: unknown }).amount;
    if (typeof amount !== 'number') throw new UnprocessableEventError('amount must be a number');
    return [{ amount }];
  },
  apply: (db, effects) => {
    for (const effect of effects) {
      if (effect.amount < 0) throw new Error('disk on fire');
      db.prepare('UPDATE total SET amount = amount + ?').run(effect.amount);
    }
  },
};

const event = (id: string, amount: unknown): IntegrationEvent => ({
  id, type: 't.v1', source: 's', subject: 'c', time: '2026-04-07T01:00:00.000Z', channel: 'cases', key: 'k', data: { amount },
});
const total = (db: ConsumerDb) => db.prepare('SELECT amount FROM total').pluck().get();
const processed = (db: ConsumerDb) => db.prepare('SELECT COUNT(*) FROM processed_events').pluck().get();

describe('idempotent read-model consumer', () => {
  it('stores each event\'s effect once, however often it is delivered', () => {
    const db = openConsumerDb(':memory:');
    const consumer = new IdempotentReadModelConsumer(db, counter);
    expect([consumer.handle(event('a', 2)), consumer.handle(event('a', 2)), consumer.handle(event('b', 3))]).toEqual(['applied', 'duplicate', 'applied']);
    expect(total(db)).toBe(5);
    expect(consumer.stats()).toEqual({ applied: 2, duplicates: 1 });
  });

  it('writes neither effect nor event id when the effect fails, so a retry applies it', () => {
    const db = openConsumerDb(':memory:');
    const consumer = new IdempotentReadModelConsumer(db, counter);
    consumer.handle(event('a', 2));
    expect(() => consumer.handle(event('b', -1))).toThrow('disk on fire');
    expect([total(db), processed(db)]).toEqual([2, 1]);
  });

  it('refuses a broken event before writing anything', () => {
    const db = openConsumerDb(':memory:');
    const consumer = new IdempotentReadModelConsumer(db, counter);
    expect(() => consumer.handle(event('a', 'two'))).toThrow(UnprocessableEventError);
    expect(processed(db)).toBe(0);
  });
});
