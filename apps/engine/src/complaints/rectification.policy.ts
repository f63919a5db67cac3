import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { BAD_RATINGS, CaseRated, rectificationNoFor } from '@gov/domain';
import type { EventStore, StoredEvent } from '@gov/event-store';
import type { ReadModelStore } from '@gov/projections';
import { EVENT_STORE, READ_MODEL_STORE } from '../infrastructure/tokens';
import { caseReceipt } from '../policies/case-receipt';
import { AfterCommit, CheckpointedLogReader } from '../policies/checkpointed-log-reader';
import { OpenRectificationCommand } from './rectification.commands';

/**
 * Every bad rating (不满意, 非常不满意) opens a rectification (`ZG-<case number>`) to the
 * case's department. Reads the log from its own checkpoint; the rectification stream is
 * created with "no stream" expected, so a replay opens nothing twice.
 */
@Injectable()
export class RectificationPolicy extends CheckpointedLogReader {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_STORE) readModels: ReadModelStore,
    private readonly commandBus: CommandBus,
  ) {
    super(store, readModels, { name: 'rectification-opener', types: ['CaseRated'] });
  }

  protected async handle(event: StoredEvent): Promise<AfterCommit | void> {
    if (event.type === 'CaseRated' && BAD_RATINGS.includes((event.data as CaseRated['data']).level)) return () => this.open(event);
  }

  private async open(event: StoredEvent): Promise<void> {
    const caseNo = event.streamId.slice('case-'.length);
    const rated = event.data as CaseRated['data'];
    const received = await caseReceipt(this.store, caseNo);
    const rectificationNo = rectificationNoFor(caseNo);
    await this.commandBus.execute(new OpenRectificationCommand({
      type: 'OpenRectification',
      data: { rectificationNo, caseNo, departmentId: received.item.departmentId, windowId: received.windowId, level: rated.level, comment: rated.comment },
    }, { now: rated.at, correlationId: event.metadata.correlationId, causationId: event.id, actor: { id: 'service-center', role: 'system' } }));
  }
}
