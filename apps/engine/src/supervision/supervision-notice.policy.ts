import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CaseOverdue, noticeNoFor } from '@gov/domain';
import type { EventStore, StoredEvent } from '@gov/event-store';
import type { ReadModelStore } from '@gov/projections';
import { EVENT_STORE, READ_MODEL_STORE } from '../infrastructure/tokens';
import { caseReceipt } from '../policies/case-receipt';
import { AfterCommit, CheckpointedLogReader } from '../policies/checkpointed-log-reader';
import { OpenNoticeCommand } from './supervision.commands';

/**
 * The efficiency office's standing order: every red card opens a supervision notice (督办单)
 * to the case's department. Reads the store's log from its own stored checkpoint; the notice
 * stream is created with "no stream" expected, so a replay after a crash opens nothing twice.
 */
@Injectable()
export class SupervisionNoticePolicy extends CheckpointedLogReader {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_STORE) readModels: ReadModelStore,
    private readonly commandBus: CommandBus,
  ) {
    // Only red cards matter here: the store skips every other event without reading it.
    super(store, readModels, { name: 'notice-opener', types: ['CaseOverdue'] });
  }

  protected async handle(event: StoredEvent): Promise<AfterCommit> {
    return () => this.open(event);
  }

  private async open(event: StoredEvent): Promise<void> {
    const caseNo = event.streamId.slice('case-'.length);
    const overdue = event.data as CaseOverdue['data'];
    const received = await caseReceipt(this.store, caseNo);
    const noticeNo = noticeNoFor(caseNo, overdue.dueDate);
    await this.commandBus.execute(new OpenNoticeCommand({
      type: 'OpenNotice',
      data: { noticeNo, caseNo, departmentId: received.item.departmentId, windowId: received.windowId, caseDueAt: overdue.dueAt, reason: '不按规定时限办结' },
    }, { now: overdue.at, correlationId: event.metadata.correlationId, causationId: event.id, actor: { id: 'efficiency-office', role: 'system' } }));
  }
}

