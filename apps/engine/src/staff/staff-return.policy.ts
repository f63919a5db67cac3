import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ComplaintConcluded } from '@gov/domain';
import type { EventStore, StoredEvent } from '@gov/event-store';
import type { ReadModelStore } from '@gov/projections';
import { StaffActionCommand } from './staff.command';
import { EVENT_STORE, READ_MODEL_STORE } from '../infrastructure/tokens';
import { AfterCommit, CheckpointedLogReader } from '../policies/checkpointed-log-reader';

/**
 * A complaint's conclusion that returns a staff member to their department ends the posting
 * and every authorization (one `StaffReturnedToDepartment` on the staff stream). Done by a
 * log reader from its own checkpoint rather than in the conclusion's handler: the two are
 * different streams, and a crash between them must not leave a returned staff member still
 * authorized. `ReturnStaff` records nothing for a complaint it already applied, so a replay
 * is harmless.
 */
@Injectable()
export class StaffReturnPolicy extends CheckpointedLogReader {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_STORE) readModels: ReadModelStore,
    private readonly commandBus: CommandBus,
  ) {
    super(store, readModels, { name: 'staff-returner', types: ['ComplaintConcluded'] });
  }

  protected async handle(event: StoredEvent): Promise<AfterCommit> {
    return () => this.apply(event);
  }

  private async apply(event: StoredEvent): Promise<void> {
    const complaintNo = event.streamId.slice('complaint-'.length);
    const concluded = event.data as ComplaintConcluded['data'];
    for (const action of concluded.actions) {
      if (action.kind !== 'return-staff') continue;
      await this.commandBus.execute(new StaffActionCommand(action.staffId, { type: 'ReturnStaff', data: { complaintNo, reason: concluded.findings } },
        { now: concluded.at, correlationId: event.metadata.correlationId, causationId: event.id, actor: { id: 'discipline-window', role: 'system' } }));
    }
  }
}
