import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ComplaintConcluded, decideStaff, evolveStaff, initialStaffState, StaffEvent, StaffState, staffStreamId } from '@gov/domain';
import type { EventStore, StoredEvent, Subscription } from '@gov/event-store';
import type { ReadModelDb } from '@gov/projections';
import { CommandRunner } from '../commands/command-runner';
import { EVENT_STORE, READ_MODEL_DB } from '../infrastructure/tokens';

const CHECKPOINT = 'staff-returner';

/**
 * A complaint's conclusion that returns a staff member to their department ends the posting
 * and every authorization (one `StaffReturnedToDepartment` on the staff stream). Done by a
 * log reader from its own checkpoint rather than in the conclusion's handler: the two are
 * different streams, and a crash between them must not leave a returned staff member still
 * authorized. `ReturnStaff` records nothing for a complaint it already applied, so a replay
 * is harmless.
 */
@Injectable()
export class StaffReturner implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('staff-returner');
  private subscription: Subscription | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly runner: CommandRunner,
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

  /** Resolves once every conclusion up to the store's head has been applied to the roster. */
  async caughtUp(): Promise<void> {
    await this.subscription?.caughtUpTo(await this.store.headPosition());
  }

  private async handle(events: readonly StoredEvent[]): Promise<void> {
    for (const event of events) if (event.type === 'ComplaintConcluded') await this.apply(event);
    this.db.prepare('INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position')
      .run(CHECKPOINT, events[events.length - 1].position);
  }

  private async apply(event: StoredEvent): Promise<void> {
    const complaintNo = event.streamId.slice('complaint-'.length);
    const concluded = event.data as ComplaintConcluded['data'];
    for (const action of concluded.actions) {
      if (action.kind !== 'return-staff') continue;
      await this.runner.run<StaffState, StaffEvent, null>({
        streamId: staffStreamId(action.staffId),
        initialState: initialStaffState,
        evolve: evolveStaff,
        decide: (state) => decideStaff({ type: 'ReturnStaff', data: { complaintNo, reason: concluded.findings } }, state, concluded.at),
        respond: () => ({ status: 200, body: null }),
      }, { now: concluded.at, correlationId: event.metadata.correlationId, causationId: event.id, actor: { id: 'discipline-window', role: 'system' } });
    }
  }
}
