import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  BAD_RATINGS, CaseRated, CaseReceived, followUpNoFor, FollowUpOpened, FollowUpVisited, RectificationConfirmed, shanghaiDateOf,
} from '@gov/domain';
import type { EventStore, StoredEvent } from '@gov/event-store';
import type { ReadModelDb, ReadModelStore } from '@gov/projections';
import { EVENT_STORE, READ_MODEL_STORE } from '../infrastructure/tokens';
import { caseReceipt } from '../policies/case-receipt';
import { AfterCommit, CheckpointedLogReader } from '../policies/checkpointed-log-reader';
import { OpenFollowUpCommand } from './follow-up.commands';
import { createRatingTables, ratingTables } from './rating-ledger';

const TYPES = ['CaseReceived', 'CaseCompleted', 'CaseRated', 'FollowUpOpened', 'FollowUpVisited', 'RectificationConfirmed'];

/**
 * The rating loop's reader (好差评, GB/T 39735-2020): keeps each case's place and rating for the
 * figures and the default rating, keeps the follow-up visits, and opens a follow-up visit
 * (`HF-<case number>`) for every bad rating, besides the rectification the complaints feature
 * opens. The follow-up stream opens once, so a replay opens nothing twice.
 */
@Injectable()
export class RatingLedgerPolicy extends CheckpointedLogReader {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_STORE) readModels: ReadModelStore,
    private readonly commandBus: CommandBus,
  ) {
    super(store, readModels, { name: 'rating-ledger', types: TYPES });
  }

  protected override async migrate(): Promise<void> {
    await createRatingTables(this.readModels);
  }

  protected async handle(event: StoredEvent, tx: ReadModelDb): Promise<AfterCommit | void> {
    const db = ratingTables(tx);
    const caseNo = event.streamId.slice('case-'.length);
    switch (event.type) {
      case 'CaseReceived': {
        const d = event.data as CaseReceived['data'];
        await db.insertInto('rating_ledger').values({
          case_no: d.caseNo, department_id: d.item.departmentId, window_id: d.windowId, channel: d.channel, staff_id: d.staffId,
          imported: event.metadata.actor?.role === 'migration' ? 1 : 0, completed_at: null, rated_at: null, month: null, level: null,
          staff_level: null, channel_level: null, by_default: null,
        }).onConflict((conflict) => conflict.column('case_no').doNothing()).execute();
        return;
      }
      case 'CaseCompleted':
        await db.updateTable('rating_ledger').set({ completed_at: (event.data as { at: string }).at }).where('case_no', '=', caseNo).execute();
        return;
      case 'CaseRated':
        return this.rated(event, caseNo, tx);
      default:
        return this.followUp(event, tx);
    }
  }

  private async rated(event: StoredEvent, caseNo: string, tx: ReadModelDb): Promise<AfterCommit | void> {
    const d = event.data as CaseRated['data'];
    await ratingTables(tx).updateTable('rating_ledger').set({
      rated_at: d.at, month: shanghaiDateOf(d.at).slice(0, 7), level: d.level, staff_level: d.staffLevel ?? null, channel_level: d.channelLevel ?? null,
      by_default: d.byDefault ? 1 : 0,
    }).where('case_no', '=', caseNo).execute();
    if (!BAD_RATINGS.includes(d.level)) return;
    return async () => {
      const receipt = await caseReceipt(this.store, caseNo);
      await this.commandBus.execute(new OpenFollowUpCommand(
        { type: 'OpenFollowUp', data: { followUpNo: followUpNoFor(caseNo), caseNo, departmentId: receipt.item.departmentId, level: d.level } },
        { now: d.at, correlationId: event.metadata.correlationId, causationId: event.id, actor: { id: 'service-center', role: 'system' } },
      ));
    };
  }

  private async followUp(event: StoredEvent, tx: ReadModelDb): Promise<void> {
    const db = ratingTables(tx);
    const followUpNo = event.streamId.slice('follow-up-'.length);
    if (event.type === 'FollowUpOpened') {
      const d = event.data as FollowUpOpened['data'];
      await db.insertInto('follow_ups').values({
        follow_up_no: d.followUpNo, case_no: d.caseNo, department_id: d.departmentId, level: d.level, opened_at: d.at, visit_by: d.visitBy,
        visited_at: null, visited_by: null, late: null, confirmed_at: null, accepted: null,
      }).onConflict((conflict) => conflict.column('follow_up_no').doNothing()).execute();
    } else if (event.type === 'FollowUpVisited') {
      const d = event.data as FollowUpVisited['data'];
      await db.updateTable('follow_ups').set({ visited_at: d.at, visited_by: d.visitedBy, late: d.late ? 1 : 0 }).where('follow_up_no', '=', followUpNo).execute();
    } else if (event.type === 'RectificationConfirmed') {
      const d = event.data as RectificationConfirmed['data'];
      await db.updateTable('follow_ups').set({ confirmed_at: d.at, accepted: d.accepted ? 1 : 0 }).where('follow_up_no', '=', followUpNo).execute();
    }
  }
}
