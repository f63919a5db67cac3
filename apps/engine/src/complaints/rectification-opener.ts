import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import {
  BAD_RATINGS, CaseRated, CaseReceived, decideRectification, evolveRectification, initialRectificationState, RectificationEvent,
  RectificationState, rectificationNoFor, rectificationStreamId,
} from '@gov/domain';
import type { EventStore, StoredEvent, Subscription } from '@gov/event-store';
import type { ReadModelDb } from '@gov/projections';
import { CommandRunner } from '../commands/command-runner';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { ReferenceData } from '../infrastructure/reference-data';
import { EVENT_STORE, READ_MODEL_DB } from '../infrastructure/tokens';

const CHECKPOINT = 'rectification-opener';

/**
 * Every bad rating (不满意, 非常不满意) opens a rectification (`ZG-<case number>`) to the
 * case's department. Reads the log from its own checkpoint; the rectification stream is
 * created with "no stream" expected, so a replay opens nothing twice.
 */
@Injectable()
export class RectificationOpener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('rectification-opener');
  private subscription: Subscription | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly runner: CommandRunner,
    private readonly reference: ReferenceData,
  ) {}

  onModuleInit(): void {
    const stored = this.db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE name = ?').get(CHECKPOINT);
    this.subscription = this.store.subscribeToAll(
      { after: stored?.position ?? 0, onError: (error) => this.logger.error(String(error)) },
      (events) => this.handle(events),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  async caughtUp(): Promise<void> {
    await this.subscription?.caughtUpTo(await this.store.headPosition());
  }

  private async handle(events: readonly StoredEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'CaseRated' && BAD_RATINGS.includes((event.data as CaseRated['data']).level)) await this.open(event);
    }
    this.db.prepare('INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position')
      .run(CHECKPOINT, events[events.length - 1].position);
  }

  private async open(event: StoredEvent): Promise<void> {
    const caseNo = event.streamId.slice('case-'.length);
    const rated = event.data as CaseRated['data'];
    const [first] = await this.store.readStream(event.streamId);
    const received = first.data as CaseReceived['data'];
    const reference = await this.reference.current();
    const rectificationNo = rectificationNoFor(caseNo);
    await this.runner.run<RectificationState, RectificationEvent, null>({
      streamId: rectificationStreamId(rectificationNo),
      initialState: initialRectificationState,
      evolve: evolveRectification,
      decide: (state) => state.status !== 'none' ? [] : decideRectification({
        type: 'OpenRectification',
        data: { rectificationNo, caseNo, departmentId: received.item.departmentId, windowId: received.windowId, level: rated.level, comment: rated.comment },
      }, state, { now: rated.at, calendar: reference.calendar, answerWorkingDays: this.config.rectificationWorkingDays }),
      respond: () => ({ status: 201, body: null }),
    }, { now: rated.at, correlationId: event.metadata.correlationId, causationId: event.id, actor: { id: 'service-center', role: 'system' } });
  }
}
