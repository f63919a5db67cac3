import { Logger, Provider, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Gauge } from 'prom-client';
import { Projector } from '@gov/projections';
import { LeaseKeeper, LeasedWork } from '../leases/lease-keeper';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { leaseSettings } from '../leases/lease-settings';
import { ReadModelLeaseStore } from '../leases/read-model-lease-store';
import { WriteFence } from '../leases/write-fence';
import { PROJECTOR_FENCE } from '../infrastructure/tokens';
import { EngineMetrics } from '../observability/engine-metrics';

/** The `projector` role: the projector runs only while this process holds the `projector` lease, each batch fenced by it. */
export function leasedProjector(): Provider {
  return {
    provide: LeaseKeeper,
    inject: [ReadModelLeaseStore, Projector, PROJECTOR_FENCE, EngineMetrics, ENGINE_CONFIG],
    useFactory: (leases: ReadModelLeaseStore, projector: Projector, fence: WriteFence, metrics: EngineMetrics, config: EngineConfig) => {
      const logger = new Logger('projector');
      const keeper = new LeaseKeeper(leases, 'projector', leaseSettings(config.leaseTtlMs), {
        start: async (grant) => {
          fence.hold(grant);
          logger.log(`projecting from checkpoint ${await projector.checkpoint()}`);
          await projector.start((error) => logger.error(`batch refused or failed; retrying: ${String(error)}`));
        },
        stop: async () => {
          await projector.stop();
          fence.hold(null);
        },
      });
      return withActiveGauge(keeper, metrics);
    },
  };
}

/**
 * The `watcher` role: the log's automatic actors, created only once this process holds the
 * `watcher` lease and stopped when it loses it. They are not providers here (their own
 * lifecycle hooks would start them at boot, lease or not): the keeper creates them through
 * the module's injector and runs the same hooks Nest would, in the same order.
 */
export function leasedWorkers(workers: readonly Type<unknown>[]): Provider {
  return {
    provide: LeaseKeeper,
    inject: [ReadModelLeaseStore, ModuleRef, EngineMetrics, ENGINE_CONFIG],
    useFactory: (leases: ReadModelLeaseStore, moduleRef: ModuleRef, metrics: EngineMetrics, config: EngineConfig) =>
      withActiveGauge(new LeaseKeeper(leases, 'watcher', leaseSettings(config.leaseTtlMs), new CreatedOnDemand(moduleRef, workers)), metrics),
  };
}

interface Lifecycle {
  onModuleInit?(): unknown;
  onApplicationBootstrap?(): unknown;
  onModuleDestroy?(): unknown;
  onApplicationShutdown?(): unknown;
}

class CreatedOnDemand implements LeasedWork {
  private running: Lifecycle[] = [];

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly workers: readonly Type<unknown>[],
  ) {}

  async start(): Promise<void> {
    for (const worker of this.workers) {
      const instance = (await this.moduleRef.create(worker)) as Lifecycle;
      await instance.onModuleInit?.();
      this.running.push(instance);
    }
    for (const instance of this.running) await instance.onApplicationBootstrap?.();
  }

  async stop(): Promise<void> {
    const running = this.running.reverse();
    this.running = [];
    for (const instance of running) await instance.onModuleDestroy?.();
    for (const instance of running) await instance.onApplicationShutdown?.();
  }
}

function withActiveGauge(keeper: LeaseKeeper, metrics: EngineMetrics): LeaseKeeper {
  new Gauge({
    name: 'gov_lease_active',
    help: '1 while this process holds the lease and does its work, 0 while it stands by',
    labelNames: ['lease'],
    registers: [metrics.registry],
    collect() {
      this.set({ lease: keeper.name }, keeper.state === 'active' ? 1 : 0);
    },
  });
  return keeper;
}
