import { Inject, Injectable } from '@nestjs/common';
import {
  CaseOverdue, CaseReceived, doubleAcceptanceComplaintNo, FeeAssessmentRefused, illegalFeeComplaintNo, overdueComplaintNo, recordedApplicant,
} from '@gov/domain';
import type { EventStore, StoredEvent } from '@gov/event-store';
import { cachedStatement, ReadModelDb } from '@gov/projections';
import type { CommandMeta } from '../commands/command-meta';
import { READ_MODEL_DB, EVENT_STORE } from '../infrastructure/tokens';
import { BatchWrites, CheckpointedLogReader } from '../log-readers/checkpointed-log-reader';
import { ComplaintCommands } from './complaint-commands';

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
export class ComplaintOpener extends CheckpointedLogReader {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    private readonly commands: ComplaintCommands,
  ) {
    super(store, db, { name: 'complaint-opener', types: ['CaseOverdue', 'CaseReceived', 'FeeAssessmentRefused', ...CLOSING_EVENTS] });
  }

  protected override migrate(): void {
    this.db.exec(TABLES);
  }

  protected handle(event: StoredEvent, writes: BatchWrites): Promise<unknown> | void {
    if (!event.streamId.startsWith('case-')) return;
    if (event.type === 'CaseOverdue') return writes.command(() => this.overdue(event));
    if (event.type === 'CaseReceived') return this.received(event, writes);
    if (event.type === 'FeeAssessmentRefused') return writes.command(() => this.feeRefused(event));
    if (CLOSING_EVENTS.has(event.type)) {
      writes.write(() => cachedStatement<[string]>(this.db, 'UPDATE complaint_opener_receipts SET open = 0 WHERE case_no = ?')
        .run(event.streamId.slice('case-'.length)));
    }
  }

  private overdue(event: StoredEvent): Promise<unknown> {
    const caseNo = event.streamId.slice('case-'.length);
    const overdue = event.data as CaseOverdue['data'];
    return this.commands.fileAs(overdueComplaintNo(caseNo, overdue.dueDate), {
      category: 'not-within-time-limit', channel: 'automatic', complainant: { kind: 'system', trigger: 'CaseOverdue' }, target: { caseNo },
      summary: `案件 ${caseNo} 超过承诺时限（${overdue.dueDate}）未办结`, evidence: [`${event.streamId}@${event.revision}`],
    }, this.meta(event, overdue.at), true);
  }

  private feeRefused(event: StoredEvent): Promise<unknown> {
    const caseNo = event.streamId.slice('case-'.length);
    const refused = event.data as FeeAssessmentRefused['data'];
    return this.commands.fileAs(illegalFeeComplaintNo(caseNo, event.revision), {
      category: 'illegal-fee', channel: 'automatic', complainant: { kind: 'system', trigger: 'FeeAssessmentRefused' }, target: { caseNo },
      summary: `案件 ${caseNo} 拟收取不符合收费目录的费用（${refused.fees.map((f) => `${f.feeCode} ${f.amountFen}分`).join('、')}），已被拒绝：${refused.code}`,
      evidence: [`${event.streamId}@${event.revision}`],
    }, this.meta(event, refused.at), true);
  }

  private received(event: StoredEvent, writes: BatchWrites): Promise<unknown> | void {
    const d = event.data as CaseReceived['data'];
    // An applicant without an ID number is a new person on each receipt, so never matches; a receipt from before the vault has no person.
    const applicantId = recordedApplicant(d.applicant).personId;
    if (!applicantId) return;
    const place = d.channel === 'sub-center' ? `sub-center:${d.subCenterId}` : 'center';
    const earlier = writes.write(() => {
      const found = cachedStatement<[string, string, string], { case_no: string; place: string }>(this.db,
        `SELECT case_no, place FROM complaint_opener_receipts WHERE applicant_id = ? AND item_code = ? AND open = 1 AND place <> ?
         ORDER BY case_no LIMIT 1`).get(applicantId, d.item.code, place);
      // Remembered before the file is opened: a replay finds the same earlier receipt and opens the same (already open) file.
      cachedStatement<[string, string, string, string]>(this.db,
        'INSERT OR IGNORE INTO complaint_opener_receipts (case_no, applicant_id, item_code, place, open) VALUES (?, ?, ?, ?, 1)')
        .run(d.caseNo, applicantId, d.item.code, place);
      return found;
    });
    if (!earlier) return;
    return writes.command(() => this.commands.fileAs(doubleAcceptanceComplaintNo(d.caseNo), {
      category: 'double-acceptance', channel: 'automatic', complainant: { kind: 'system', trigger: 'CaseReceived' }, target: { caseNo: d.caseNo },
      summary: `同一申请人同一事项 ${d.item.code} 在两处受理：${earlier.case_no}（${earlier.place}）与 ${d.caseNo}（${place}）`,
      evidence: [earlier.case_no, d.caseNo],
    }, this.meta(event, d.at), true));
  }

  private meta(event: StoredEvent, now: string): CommandMeta {
    return { now, correlationId: event.metadata.correlationId, causationId: event.id, actor: { id: 'discipline-window', role: 'system' } };
  }
}
