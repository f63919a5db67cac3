import { Inject, Injectable } from '@nestjs/common';
import type { ReadModelDb, ReadModelStore } from '@gov/projections';
import type { EventStore, StoredEvent } from '@gov/event-store';
import { CaseEvent } from '@gov/domain';
import { EVENT_STORE, READ_MODEL_STORE } from '../infrastructure/tokens';
import { AfterCommit, CheckpointedLogReader } from '../policies/checkpointed-log-reader';
import { createOutbox, enqueue } from './notification-outbox';
import { notificationKindOf, NOTIFIED_EVENT_TYPES } from './notification-kinds';

export const NOTIFIER = 'notifier';

/**
 * Puts a notification in the outbox for every event the applicant is told of (receipt, materials
 * requested, suspended and resumed, fee assessed, completed, overdue), in the transaction that
 * moves its own checkpoint: exactly one row per event, across crashes and restarts. The
 * dispatcher sends them. An imported history tells no one; a store that had cases before the
 * notifier existed is not told of them either (it starts at the head, once).
 */
@Injectable()
export class NotificationPolicy extends CheckpointedLogReader {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_STORE) readModels: ReadModelStore,
  ) {
    super(store, readModels, { name: NOTIFIER, types: NOTIFIED_EVENT_TYPES, fromTheHeadWhenNew: true });
  }

  protected override async migrate(): Promise<void> {
    await createOutbox(this.readModels);
  }

  protected async handle(event: StoredEvent, tx: ReadModelDb): Promise<AfterCommit | void> {
    if (!event.streamId.startsWith('case-') || event.metadata.actor?.role === 'migration') return;
    const kind = notificationKindOf({ type: event.type, data: event.data } as CaseEvent);
    if (!kind) return;
    await enqueue(tx, { notificationId: event.id, caseNo: event.streamId.slice('case-'.length), kind, at: (event.data as { at: string }).at });
  }
}
