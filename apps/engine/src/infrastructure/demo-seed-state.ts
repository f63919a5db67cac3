import type { EventStore } from '@gov/event-store';

/**
 * The demo seed's Idempotency-Keys (bootstrap/demo-seed.ts): one per command, with a slash,
 * which the HTTP edge refuses in a client's key. The first command's record says a seed began,
 * the last one's that it is complete: what the bootstrap resumes from and /ready reports.
 */
export function demoSeedKey(n: number, of: number): string {
  if (n === 0) return 'system/demo-seed/first';
  return n === of - 1 ? 'system/demo-seed/last' : `system/demo-seed/${n}`;
}

/** Where the store stands with the demo seed: never begun (or seeded before the seed had keys), begun and cut short, or complete. */
export async function demoSeedState(store: EventStore): Promise<'none' | 'partial' | 'complete'> {
  if (await store.findIdempotencyRecord('system/demo-seed/last')) return 'complete';
  return (await store.findIdempotencyRecord('system/demo-seed/first')) ? 'partial' : 'none';
}
