import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import {
  CaseOverdue, CaseReceived, doubleAcceptanceComplaintNo, FeeAssessmentRefused, illegalFeeComplaintNo, overdueComplaintNo, recordedApplicant,
} from '@gov/domain';
import type { EventStore, StoredEvent } from '@gov/event-store';
import { runScript, Statement, type ReadModelDb, type ReadModelStore } from '@gov/projections';
import type { CommandMeta } from '../write/command-meta';
import { READ_MODEL_STORE, EVENT_STORE } from '../infrastructure/tokens';
import { AfterCommit, CheckpointedLogReader } from '../policies/checkpointed-log-reader';
import { CommandBus } from '@nestjs/cqrs';
import { OpenComplaintCommand } from './complaint.commands';

const CLOSING_EVENTS = new Set(['CaseCompleted', 'CaseWithdrawn', 'CaseNotAccepted']);

/**
 * The opener's memory of receipts by applicant and item, to see the same application accepted in two places. The applicant is
 * the vault's person id, never the ID number: the vault gives one ID number one person (until erased), so persons compare as
 * ID numbers did.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS complaint_opener_receipts (
  case_no TEXT PRIMARY KEY, applicant_id TEXT NOT NULL, item_code TEXT NOT NULL, place TEXT NOT NULL, open INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS complaint_opener_receipts_applicant ON complaint_opener_receipts (applicant_id, item_code, open);
`;
/** The tables above: not a projection's, so a rebuild of the read models keeps them (cli/policy-tables.ts). */
export const COMPLAINT_OPENER_TABLES = ['complaint_opener_receipts'] as const;

type OpenerTables = {
  complaint_opener_receipts: { case_no: string; applicant_id: string; item_code: string; place: string; open: number };
};

const receipts = (db: ReadModelDb) => db.withTables<OpenerTables>();

/** Compiled once: they run for every receipt and closing of the log (a year of data is a million). */
const closeReceipt = new Statement<{ caseNo: string }>((db, p) =>
  receipts(db).updateTable('complaint_opener_receipts').set({ open: 0 }).where('case_no', '=', p('caseNo')));
const openReceiptElsewhere = new Statement<{ applicantId: string; itemCode: string; place: string }>((db, p) =>
  receipts(db).selectFrom('complaint_opener_receipts').select(['case_no', 'place'])
    .where('applicant_id', '=', p('applicantId')).where('item_code', '=', p('itemCode')).where('open', '=', 1).where('place', '<>', p('place'))
    // LIMIT as a literal: with a bound limit SQLite sorts every match (docs/decisions/0017).
    .orderBy('case_no').limit(sql.lit(1)));
const rememberReceipt = new Statement<{ caseNo: string; applicantId: string; itemCode: string; place: string }>((db, p) =>
  receipts(db).insertInto('complaint_opener_receipts')
    .values({ case_no: p('caseNo'), applicant_id: p('applicantId'), item_code: p('itemCode'), place: p('place'), open: 1 })
    .onConflict((conflict) => conflict.doNothing()));

/**
 * The discipline window's standing orders: files that open by themselves, exactly once per
 * trigger. Reads the store's log from its own checkpoint (like the notice opener); each
 * file's number names its trigger and the complaint stream is created with "no stream"
 * expected, so a replay after a crash opens nothing twice.
 * - a red card (CaseOverdue) opens a 不按规定时限办结 file, `CQ-<case number>-<due date>`;
 * - an assessment refused for an illegal fee (FeeAssessmentRefused) opens a 乱收费 file,
 *   `SF-<case number>-<revision of the refusal>`;
 * - the same applicant (ID number or unified social credit code, as the vault's person) and item accepted while the
 *   first is still open, at the center (window or online) and at a sub-center, opens a
 *   两头受理 file on the later case, `LT-<case number>`.
 */
@Injectable()
export class AutomaticComplaintsPolicy extends CheckpointedLogReader {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_STORE) readModels: ReadModelStore,
    private readonly commandBus: CommandBus,
  ) {
    super(store, readModels, { name: 'complaint-opener', types: ['CaseOverdue', 'CaseReceived', 'FeeAssessmentRefused', ...CLOSING_EVENTS] });
  }

  protected override async migrate(): Promise<void> {
    await this.readModels.migrate((tx) => runScript(tx, TABLES));
  }

  protected async handle(event: StoredEvent, tx: ReadModelDb): Promise<AfterCommit | void> {
    if (!event.streamId.startsWith('case-')) return;
    if (event.type === 'CaseOverdue') return () => this.overdue(event);
    if (event.type === 'CaseReceived') return this.received(event, tx);
    if (event.type === 'FeeAssessmentRefused') return () => this.feeRefused(event);
    if (CLOSING_EVENTS.has(event.type)) await closeReceipt.run(tx, { caseNo: event.streamId.slice('case-'.length) });
  }

  private overdue(event: StoredEvent): Promise<unknown> {
    const caseNo = event.streamId.slice('case-'.length);
    const overdue = event.data as CaseOverdue['data'];
    return this.commandBus.execute(new OpenComplaintCommand(overdueComplaintNo(caseNo, overdue.dueDate), {
      category: 'not-within-time-limit', channel: 'automatic', complainant: { kind: 'system', trigger: 'CaseOverdue' }, target: { caseNo },
      summary: `案件 ${caseNo} 超过承诺时限（${overdue.dueDate}）未办结`, evidence: [`${event.streamId}@${event.revision}`],
    }, this.meta(event, overdue.at)));
  }

  private feeRefused(event: StoredEvent): Promise<unknown> {
    const caseNo = event.streamId.slice('case-'.length);
    const refused = event.data as FeeAssessmentRefused['data'];
    return this.commandBus.execute(new OpenComplaintCommand(illegalFeeComplaintNo(caseNo, event.revision), {
      category: 'illegal-fee', channel: 'automatic', complainant: { kind: 'system', trigger: 'FeeAssessmentRefused' }, target: { caseNo },
      summary: `案件 ${caseNo} 拟收取不符合收费目录的费用（${refused.fees.map((f) => `${f.feeCode} ${f.amountFen}分`).join('、')}），已被拒绝：${refused.code}`,
      evidence: [`${event.streamId}@${event.revision}`],
    }, this.meta(event, refused.at)));
  }

  private async received(event: StoredEvent, tx: ReadModelDb): Promise<AfterCommit | void> {
    const d = event.data as CaseReceived['data'];
    // An applicant without an ID number is a new person on each receipt, so never matches; a receipt from before the vault has no person.
    const applicantId = recordedApplicant(d.applicant).personId;
    if (!applicantId) return;
    const place = d.channel === 'sub-center' ? `sub-center:${d.subCenterId}` : 'center';
    const receipt = { caseNo: d.caseNo, applicantId, itemCode: d.item.code, place };
    const [earlier] = await openReceiptElsewhere.rows<{ case_no: string; place: string }>(tx, receipt);
    // Remembered before the file is opened: a replay finds the same earlier receipt and opens the same (already open) file.
    await rememberReceipt.run(tx, receipt);
    if (!earlier) return;
    return () => this.commandBus.execute(new OpenComplaintCommand(doubleAcceptanceComplaintNo(d.caseNo), {
      category: 'double-acceptance', channel: 'automatic', complainant: { kind: 'system', trigger: 'CaseReceived' }, target: { caseNo: d.caseNo },
      summary: `同一申请人同一事项 ${d.item.code} 在两处受理：${earlier.case_no}（${earlier.place}）与 ${d.caseNo}（${place}）`,
      evidence: [earlier.case_no, d.caseNo],
    }, this.meta(event, d.at)));
  }

  private meta(event: StoredEvent, now: string): CommandMeta {
    return { now, correlationId: event.metadata.correlationId, causationId: event.id, actor: { id: 'discipline-window', role: 'system' } };
  }
}
