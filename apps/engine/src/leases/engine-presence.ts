import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { LeaseGrant } from './lease.port';
import type { LeaseSettings } from './lease-settings';
import type { ReadModelLeaseStore } from './read-model-lease-store';

/** The lease names engine processes announce themselves under: one each, `engine:<host>/<pid>/<nonce>`. */
export const ENGINE_PRESENCE_PREFIX = 'engine:';

/**
 * Every engine process, whatever its role, holds a lease of its own while it runs (renewed like
 * the projector's, released on a clean stop, expired LEASE_TTL_MS after a crash): the mark an
 * operator's tool that must not run beside a live engine looks for (`projections:rebuild`,
 * decision 0067). It guards nothing by itself; the projector's and watcher's leases still do.
 */
export class EnginePresence {
  readonly owner = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  private grant: LeaseGrant | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly leases: ReadModelLeaseStore,
    private readonly role: string,
    private readonly settings: LeaseSettings,
  ) {}

  get name(): string {
    return `${ENGINE_PRESENCE_PREFIX}${this.role}:${this.owner}`;
  }

  async onModuleInit(): Promise<void> {
    this.grant = await this.leases.tryAcquire(this.name, this.owner, this.settings.ttlMs);
    this.timer = setInterval(() => void this.renew(), this.settings.renewEveryMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const grant = this.grant;
    this.grant = null;
    if (grant) await this.leases.forget(grant).catch(() => undefined);
  }

  private async renew(): Promise<void> {
    try {
      // Renewed, or taken again should a pause have let it expire: the mark is this process's own.
      this.grant = (this.grant && (await this.leases.renew(this.grant, this.settings.ttlMs)))
        ?? (await this.leases.tryAcquire(this.name, this.owner, this.settings.ttlMs));
    } catch {
      // The read models are unreachable: /ready says so; the next renewal tries again.
    }
  }
}
