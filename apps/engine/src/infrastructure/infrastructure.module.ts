import * as fs from 'node:fs';
import * as path from 'node:path';
import { DynamicModule, Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventStore, EventStoreDbEventStore, PostgresEventStore, SqliteEventStore } from '@gov/event-store';
import {
  CaseFiguresQuery, CaseProjection, CatalogQueries, CatalogProjection, ComplaintProjection, ComplaintQueries, DeadlineProjection, DeadlineQueries, OpenCasesQuery,
  openReadModelStore, Projector, ReadModelDb, ReadModelStore, RectificationProjection, StaffProjection, StaffQueries, SupervisionProjection,
  SupervisionQueries, TaskProjection, TaskQueries, OneWindowQueries, QueueProjection, QueueQueries, StepFiguresQuery,
} from '@gov/projections';
import { CaseNumbers } from '../write/case-numbers';
import { Commands } from '../write/commands';
import { ENGINE_CONFIG, EngineConfig, loadConfig } from '../config/engine.config';
import { ReadModelLeaseStore } from '../leases/read-model-lease-store';
import { EnginePresence } from '../leases/engine-presence';
import { leaseSettings } from '../leases/lease-settings';
import { WriteFence } from '../leases/write-fence';
import { ENGINE_ROLE, EngineRole, projectsInProcess } from './engine-role';
import { Clock, SystemClock } from './clock';
import { FreshReadModels } from './fresh-read-models';
import { REFERENCE_EVENTS, ReferenceData } from './reference-data';
import { CalendarWatch } from './calendar-watch';
import { InProcessCatchUp, OtherProcessCatchUp, ReadModelCatchUp } from './read-model-catch-up';
import { loadSealSigningKey, sealSigningKeyFileOf } from './seal-signing-key';
import { EVENT_STORE, PROJECTOR_FENCE, READ_MODEL_STORE } from './tokens';

export function eventStoreFile(dataDir: string): string {
  return path.join(dataDir, 'events.sqlite');
}

export function readModelFile(dataDir: string): string {
  return path.join(dataDir, 'read-models.sqlite');
}

/**
 * The event store this configuration names: DATA_DIR/events.sqlite (the default), the PostgreSQL database of
 * EVENT_STORE_URL (or READ_MODELS_URL), or the EventStoreDB of ESDB_CONNECTION_STRING.
 * `purpose: 'read'`: for the CLIs that only read the log (report, rebuild), which then follow the store's crypto suite
 * whatever CRYPTO_SUITE says; the engine writes, in CRYPTO_SUITE only.
 */
export async function openEventStore(config: EngineConfig, options: { pollIntervalMs?: number; purpose?: 'write' | 'read' } = {}): Promise<EventStore> {
  const eventStore = config.eventStore;
  const purpose = options.purpose ?? 'write';
  if (eventStore?.kind === 'eventstoredb') return EventStoreDbEventStore.connect({ connectionString: eventStore.connectionString });
  if (eventStore?.kind === 'postgres') {
    // The PostgreSQL store hashes and seals in the international suite only (decision 0063).
    if (purpose === 'write' && config.cryptoSuite === 'gm') throw new Error('CRYPTO_SUITE=gm needs the SQLite event store: the PostgreSQL store keeps the international suite only');
    return PostgresEventStore.open({ connectionString: eventStore.connectionString, schema: eventStore.schema, poolSize: eventStore.poolSize,
      groupCommit: config.groupCommit, pollIntervalMs: options.pollIntervalMs });
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const suite = () => ({
    cryptoSuite: config.cryptoSuite ?? 'international',
    ...(config.cryptoSuite === 'gm' ? { sealSigningKey: loadSealSigningKey(sealSigningKeyFileOf(config)) } : {}),
  });
  return SqliteEventStore.open({
    file: eventStoreFile(config.dataDir), synchronous: config.synchronous, groupCommit: config.groupCommit, writer: config.sqliteWriter,
    ...(purpose === 'write' ? suite() : {}), pollIntervalMs: options.pollIntervalMs, sparseTypes: REFERENCE_EVENTS,
  });
}

/**
 * The read models this configuration names: DATA_DIR/read-models.sqlite (READ_MODELS=sqlite, the
 * default) or the PostgreSQL database of READ_MODELS_URL.
 */
export function openReadModels(config: EngineConfig): Promise<ReadModelStore> {
  const readModels = config.readModels ?? { kind: 'sqlite' };
  if (readModels.kind === 'postgres') return openReadModelStore(readModels);
  fs.mkdirSync(config.dataDir, { recursive: true });
  // NORMAL whatever the store's setting: the read models are rebuilt from the store, and WAL keeps rows and checkpoint
  // together, so a power cut only takes back positions that are projected again (no fsync on the projector's every commit).
  return openReadModelStore({ kind: 'sqlite', file: readModelFile(config.dataDir), synchronous: 'NORMAL' });
}

export function createProjector(store: EventStore, readModels: ReadModelStore, fence?: (tx: ReadModelDb) => Promise<void>): Promise<Projector> {
  return Projector.open(store, readModels, [new CaseProjection(), new CatalogProjection(), new DeadlineProjection(), new SupervisionProjection(),
    new ComplaintProjection(), new StaffProjection(), new RectificationProjection(), new TaskProjection(), new QueueProjection()], fence);
}

/** A query class on the read-model store. */
function query<T>(type: new (readModels: ReadModelStore) => T) {
  return { provide: type, inject: [READ_MODEL_STORE], useFactory: (readModels: ReadModelStore) => new type(readModels) };
}

/**
 * The embedded default: a SQLite event store and SQLite read models under DATA_DIR; EVENT_STORE=postgres puts the events on
 * PostgreSQL (EVENT_STORE=eventstoredb on EventStoreDB), READ_MODELS=postgres the read models (and the leases).
 */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [ENGINE_CONFIG],
      useFactory: (config: EngineConfig): Promise<EventStore> => openEventStore(config),
    },
    { provide: READ_MODEL_STORE, inject: [ENGINE_CONFIG], useFactory: (config: EngineConfig) => openReadModels(config) },
    // The leases of the projector and watcher roles live in the read-model store every process of the deployment opens.
    { provide: ReadModelLeaseStore, inject: [READ_MODEL_STORE], useFactory: (readModels: ReadModelStore) => ReadModelLeaseStore.open(readModels) },
    { provide: PROJECTOR_FENCE, inject: [ReadModelLeaseStore], useFactory: (leases: ReadModelLeaseStore) => new WriteFence(leases, 'projector') },
    // Every engine process marks the store as in use while it runs (projections:rebuild refuses beside one).
    {
      provide: EnginePresence, inject: [ReadModelLeaseStore, ENGINE_ROLE, ENGINE_CONFIG],
      useFactory: (leases: ReadModelLeaseStore, role: EngineRole, config: EngineConfig) => new EnginePresence(leases, role, leaseSettings(config.leaseTtlMs)),
    },
    {
      provide: Projector,
      inject: [EVENT_STORE, READ_MODEL_STORE, ENGINE_ROLE, PROJECTOR_FENCE],
      useFactory: (store: EventStore, readModels: ReadModelStore, role: EngineRole, fence: WriteFence) =>
        createProjector(store, readModels, role === 'projector' ? (tx) => fence.check(tx) : undefined),
    },
    {
      provide: ReadModelCatchUp,
      inject: [ENGINE_ROLE, EVENT_STORE, Projector],
      useFactory: (role: EngineRole, store: EventStore, projector: Projector) =>
        projectsInProcess(role) ? new InProcessCatchUp(projector) : new OtherProcessCatchUp(store, projector),
    },
    {
      provide: ReferenceData,
      inject: [EVENT_STORE, ENGINE_CONFIG],
      useFactory: (store: EventStore, config: EngineConfig) => new ReferenceData(store, config.warningWorkingDaysBefore),
    },
    { provide: Commands, inject: [EVENT_STORE], useFactory: (store: EventStore) => new Commands(store) },
    { provide: CaseNumbers, inject: [EVENT_STORE], useFactory: (store: EventStore) => new CaseNumbers(store) },
    FreshReadModels,
    query(CaseFiguresQuery),
    query(CatalogQueries),
    query(OpenCasesQuery),
    // The watcher's agenda reads through the query builder itself (no transaction of its own to open).
    { provide: DeadlineQueries, inject: [READ_MODEL_STORE], useFactory: (readModels: ReadModelStore) => new DeadlineQueries(readModels.db) },
    query(SupervisionQueries),
    query(ComplaintQueries),
    query(StaffQueries),
    query(TaskQueries),
    query(OneWindowQueries),
    query(QueueQueries),
    query(StepFiguresQuery),
    CalendarWatch,
  ],
  exports: [EVENT_STORE, READ_MODEL_STORE, Projector, ReadModelCatchUp, ReadModelLeaseStore, PROJECTOR_FENCE, ReferenceData, Commands, CaseNumbers, CatalogQueries, FreshReadModels, CaseFiguresQuery, OpenCasesQuery, DeadlineQueries, SupervisionQueries,
    ComplaintQueries, StaffQueries, TaskQueries, OneWindowQueries, QueueQueries, CalendarWatch, StepFiguresQuery],
})
export class InfrastructureModule implements OnModuleInit, OnApplicationShutdown {
  /** The configuration and the clock come from the caller: the environment and the wall clock, or a test's. */
  static register(options: { config?: EngineConfig; clock?: Clock; role?: EngineRole } = {}): DynamicModule {
    const providers = [
      { provide: ENGINE_CONFIG, useValue: options.config ?? loadConfig() },
      { provide: Clock, useValue: options.clock ?? new SystemClock() },
      { provide: ENGINE_ROLE, useValue: options.role ?? 'all' },
    ];
    return { module: InfrastructureModule, providers, exports: [ENGINE_CONFIG, Clock, ENGINE_ROLE] };
  }

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    private readonly projector: Projector,
    private readonly reference: ReferenceData,
    @Inject(ENGINE_ROLE) private readonly role: EngineRole,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
  ) {}

  /** The projector role starts its projector under a lease (roles/role-wiring.ts); the api and watcher roles read what it wrote. */
  async onModuleInit(): Promise<void> {
    if (this.role !== 'projector') this.reference.start();
    if (this.role !== 'all') return;
    // Far behind, the projector replays before the engine serves (Projector.start), a while on a long log: say so.
    // Not on EventStoreDB, whose positions count bytes, not events (and whose log is folded on this thread anyway).
    if (this.config.eventStore?.kind === 'eventstoredb') return this.projector.start();
    const logger = new Logger('projector');
    await this.projector.start(undefined, {
      onReplay: (behind) => logger.log(`read models ${behind} events behind the store (new, upgraded or restored): replaying them before serving`),
      onReplayed: () => logger.log('read models up to date'),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
    await this.reference.stop();
    await this.store.close();
    await this.readModels.close();
  }
}
