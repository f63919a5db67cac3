import type { ReadModelDb } from '@gov/projections';
import type { LeaseGrant } from './lease.port';
import type { ReadModelLeaseStore } from './read-model-lease-store';

/**
 * The grant a writer writes under, checked against the lease row inside the writer's own
 * transaction on the same read-model store (the projector's batches): no grant, or an older
 * generation than the row's, and the transaction throws before writing anything.
 */
export class WriteFence {
  private grant: LeaseGrant | null = null;

  constructor(
    private readonly leases: ReadModelLeaseStore,
    readonly name: string,
  ) {}

  hold(grant: LeaseGrant | null): void {
    this.grant = grant;
  }

  check(tx: ReadModelDb): Promise<void> {
    return this.leases.fence(tx, this.grant, this.name);
  }
}
