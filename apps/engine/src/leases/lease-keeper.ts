import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { LeaseGrant, LeaseStore } from './lease.port';
import type { LeaseSettings } from './lease-settings';

/** What runs only while the lease is held: started on taking it, stopped on losing or releasing it. */
export interface LeasedWork {
  start(grant: LeaseGrant): Promise<void>;
  stop(): Promise<void>;
}

export type LeaseState = 'standby' | 'active' | 'stopped';

/**
 * Keeps one lease for this process: stands by, retrying, while another holds it; takes it when
 * it is free or expired and starts the work; renews it; stops the work the moment a renewal
 * finds it taken over (then stands by again); releases it on shutdown so a standby takes over
 * at once. Every step runs in one queue, so a renewal never overlaps a start or a stop.
 *
 * Nest calls `onApplicationBootstrap` and `onModuleDestroy` on it when it is a provider: the
 * work stops before the stores close (they close in onApplicationShutdown).
 */
export class LeaseKeeper {
  readonly owner = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  private readonly logger: Logger;
  private grant: LeaseGrant | null = null;
  /**
   * When the grant expires by this process's clock: the grant's own expiry is the database's
   * clock, which may be off from this machine's; counted from before the request, so never late.
   */
  private expiresHereAt = 0;
  private stateValue: LeaseState = 'standby';
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<void> = Promise.resolve();
  private reportedStandby = false;
  private stopping = false;

  constructor(
    private readonly leases: LeaseStore,
    readonly name: string,
    private readonly settings: LeaseSettings,
    private readonly work: LeasedWork,
  ) {
    this.logger = new Logger(`lease:${name}`);
  }

  get state(): LeaseState {
    return this.stateValue;
  }

  /** The grant this process writes under, or null: the fence compares it with the store's. */
  current(): LeaseGrant | null {
    return this.grant;
  }

  onApplicationBootstrap(): void {
    this.logger.log(`asking for lease ${this.name} as ${this.owner}`);
    this.next(() => this.tryToTake(), 0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.enqueue(async () => {
      const grant = this.grant;
      this.stateValue = 'stopped';
      if (!grant) return;
      await this.stopWork('stopping');
      await this.leases.release(grant).catch(() => undefined);
      this.logger.log(`released lease ${this.name} generation ${grant.generation}`);
    });
  }

  private async tryToTake(): Promise<void> {
    const asked = Date.now();
    const grant = await this.leases.tryAcquire(this.name, this.owner, this.settings.ttlMs);
    if (!grant) {
      if (!this.reportedStandby) {
        const holder = await this.leases.holder(this.name);
        this.logger.log(`lease ${this.name} is held by ${holder?.owner ?? 'another process'}; standing by`);
        this.reportedStandby = true;
      }
      return this.next(() => this.tryToTake(), this.settings.retryEveryMs);
    }
    this.grant = grant;
    this.expiresHereAt = asked + this.settings.ttlMs;
    this.stateValue = 'active';
    this.reportedStandby = false;
    this.logger.log(`took lease ${this.name} generation ${grant.generation}: active`);
    try {
      await this.work.start(grant);
    } catch (error) {
      this.logger.error(`work under lease ${this.name} failed to start: ${String(error)}; releasing`);
      await this.stopWork('failed start');
      await this.leases.release(grant).catch(() => undefined);
      return this.next(() => this.tryToTake(), this.settings.retryEveryMs);
    }
    this.next(() => this.renew(), this.settings.renewEveryMs);
  }

  private async renew(): Promise<void> {
    const grant = this.grant;
    if (!grant) return;
    let renewed: LeaseGrant | null = null;
    const asked = Date.now();
    try {
      renewed = await this.leases.renew(grant, this.settings.ttlMs);
    } catch (error) {
      // A busy store is not a lost lease: the next renewal may get through before the expiry.
      if (Date.now() < this.expiresHereAt) {
        this.logger.warn(`could not renew lease ${this.name}: ${String(error)}`);
        return this.next(() => this.renew(), Math.min(this.settings.renewEveryMs, 500));
      }
    }
    if (renewed) {
      this.grant = renewed;
      this.expiresHereAt = asked + this.settings.ttlMs;
      return this.next(() => this.renew(), this.settings.renewEveryMs);
    }
    this.logger.warn(`lost lease ${this.name} generation ${grant.generation}: stopping the work, standing by`);
    await this.stopWork('lost');
    this.next(() => this.tryToTake(), this.settings.retryEveryMs);
  }

  private async stopWork(reason: string): Promise<void> {
    this.grant = null;
    if (this.stateValue !== 'stopped') this.stateValue = 'standby';
    try {
      await this.work.stop();
    } catch (error) {
      this.logger.error(`work under lease ${this.name} failed to stop (${reason}): ${String(error)}`);
    }
  }

  private next(step: () => Promise<void>, delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.enqueue(step);
    }, delayMs);
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step).catch((error: unknown) => {
      this.logger.error(`lease ${this.name}: ${String(error)}`);
      this.next(() => (this.grant ? this.renew() : this.tryToTake()), this.settings.retryEveryMs);
    });
    return this.queue;
  }
}
