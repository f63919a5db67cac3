import * as fs from 'node:fs';
import * as path from 'node:path';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventStore, EventStoreDbEventStore, SqliteEventStore } from '@gov/event-store';
import {
  CaseFiguresQuery, CaseProjection, CatalogProjection, ComplaintProjection, ComplaintQueries, DeadlineProjection, DeadlineQueries, OpenCasesQuery,
  openReadModelDb, Projector, ReadModelDb, RectificationProjection, StaffProjection, StaffQueries, SupervisionProjection, SupervisionQueries,
} from '@gov/projections';
import { CaseNumbers } from '../commands/case-numbers';
import { CommandRunner } from '../commands/command-runner';
import { ENGINE_CONFIG, EngineConfig, loadConfig } from '../config/engine.config';
import { Clock, SystemClock } from './clock';
import { ReferenceData } from './reference-data';
import { EVENT_STORE, READ_MODEL_DB } from './tokens';

export function eventStoreFile(dataDir: string): string {
  return path.join(dataDir, 'events.sqlite');
}

export function readModelFile(dataDir: string): string {
  return path.join(dataDir, 'read-models.sqlite');
}

export function createProjector(store: EventStore, db: ReadModelDb): Projector {
  return new Projector(store, db, [new CaseProjection(), new CatalogProjection(), new DeadlineProjection(), new SupervisionProjection(),
    new ComplaintProjection(), new StaffProjection(), new RectificationProjection()]);
}

/** The embedded default: a SQLite event store and SQLite read models under DATA_DIR; EVENT_STORE=eventstoredb puts the events on EventStoreDB. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [ENGINE_CONFIG],
      useFactory: (config: EngineConfig): EventStore => {
        fs.mkdirSync(config.dataDir, { recursive: true });
        if (config.eventStore?.kind === 'eventstoredb') return EventStoreDbEventStore.connect({ connectionString: config.eventStore.connectionString });
        return SqliteEventStore.open({ file: eventStoreFile(config.dataDir), synchronous: config.synchronous, groupCommit: config.groupCommit });
      },
    },
    {
      provide: READ_MODEL_DB,
      inject: [ENGINE_CONFIG, EVENT_STORE],
      // NORMAL whatever the store's setting: the read models are rebuilt from the store, and WAL keeps rows and checkpoint
      // together, so a power cut only takes back positions that are projected again (no fsync on the projector's every commit).
      useFactory: (config: EngineConfig) => openReadModelDb(readModelFile(config.dataDir), 'NORMAL'),
    },
    { provide: Projector, inject: [EVENT_STORE, READ_MODEL_DB], useFactory: createProjector },
    {
      provide: ReferenceData,
      inject: [EVENT_STORE, ENGINE_CONFIG],
      useFactory: (store: EventStore, config: EngineConfig) => new ReferenceData(store, config.warningWorkingDaysBefore),
    },
    { provide: CommandRunner, inject: [EVENT_STORE], useFactory: (store: EventStore) => new CommandRunner(store) },
    { provide: CaseNumbers, inject: [EVENT_STORE], useFactory: (store: EventStore) => new CaseNumbers(store) },
    { provide: CaseFiguresQuery, inject: [READ_MODEL_DB], useFactory: (db: ReadModelDb) => new CaseFiguresQuery(db) },
    { provide: OpenCasesQuery, inject: [READ_MODEL_DB], useFactory: (db: ReadModelDb) => new OpenCasesQuery(db) },
    { provide: DeadlineQueries, inject: [READ_MODEL_DB], useFactory: (db: ReadModelDb) => new DeadlineQueries(db) },
    { provide: SupervisionQueries, inject: [READ_MODEL_DB], useFactory: (db: ReadModelDb) => new SupervisionQueries(db) },
    { provide: ComplaintQueries, inject: [READ_MODEL_DB], useFactory: (db: ReadModelDb) => new ComplaintQueries(db) },
    { provide: StaffQueries, inject: [READ_MODEL_DB], useFactory: (db: ReadModelDb) => new StaffQueries(db) },
  ],
  exports: [EVENT_STORE, READ_MODEL_DB, Projector, ReferenceData, CommandRunner, CaseNumbers, CaseFiguresQuery, OpenCasesQuery, DeadlineQueries, SupervisionQueries,
    ComplaintQueries, StaffQueries],
})
export class InfrastructureModule implements OnModuleInit, OnApplicationShutdown {
  /** The configuration and the clock come from the caller: the environment and the wall clock, or a test's. */
  static register(options: { config?: EngineConfig; clock?: Clock } = {}): DynamicModule {
    const providers = [
      { provide: ENGINE_CONFIG, useValue: options.config ?? loadConfig() },
      { provide: Clock, useValue: options.clock ?? new SystemClock() },
    ];
    return { module: InfrastructureModule, providers, exports: [ENGINE_CONFIG, Clock] };
  }

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly readModels: ReadModelDb,
    private readonly projector: Projector,
    private readonly reference: ReferenceData,
  ) {}

  onModuleInit(): void {
    this.reference.start();
    this.projector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
    await this.reference.stop();
    await this.store.close();
    this.readModels.close();
  }
}
