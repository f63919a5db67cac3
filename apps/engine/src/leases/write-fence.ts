import type { LeaseGrant } from './lease.port';
import type { SqliteLeaseStore } from './sqlite-lease-store';

/**
 * The grant a writer writes under, checked against the lease row inside the writer's own
 * transaction on the same SQLite file (the projector's batches): no grant, or an older
 * generation than the row's, and the transaction throws before writing anything.
 */
export class WriteFence {
  private grant: LeaseGrant | null = null;

  constructor(
    private readonly leases: SqliteLeaseStore,
    readonly name: string,
  ) {}

  hold(grant: LeaseGrant | null): void {
    this.grant = grant;
  }

  check(): void {
    this.leases.fence(this.grant, this.name);
  }
}
