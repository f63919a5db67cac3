import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import {
  CaseOverdue, CaseReceived, doubleAcceptanceComplaintNo, FeeAssessmentRefused, illegalFeeComplaintNo, overdueComplaintNo, recordedApplicant,
} from '@gov/domain';
import type { EventStore, StoredEvent, Subscription } from '@gov/event-store';
import type { ReadModelDb } from '@gov/projections';
import type { CommandMeta } from '../commands/command-meta';
import { READ_MODEL_DB, EVENT_STORE } from '../infrastructure/tokens';
import { ComplaintCommands } from './complaint-commands';

const CHECKPOINT = 'complaint-opener';
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
export class ComplaintOpener implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('complaint-opener');
  private subscription: Subscription | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly commands: ComplaintCommands,
  ) {}

  onModuleInit(): void {
    this.db.exec(TABLES);
    const stored = this.db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE name = ?').get(CHECKPOINT);
    this.subscription = this.store.subscribeToAll(
      { after: stored?.position ?? 0, onError: (error) => this.logger.error(String(error)) },
      (events) => this.handle(events),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  /** Resolves once every trigger up to the store's head has its file. */
  async caughtUp(): Promise<void> {
    await this.subscription?.caughtUpTo(await this.store.headPosition());
  }

  private async handle(events: readonly StoredEvent[]): Promise<void> {
    for (const event of events) {
      if (!event.streamId.startsWith('case-')) continue;
      if (event.type === 'CaseOverdue') await this.overdue(event);
      else if (event.type === 'CaseReceived') await this.received(event);
      else if (event.type === 'FeeAssessmentRefused') await this.feeRefused(event);
      else if (CLOSING_EVENTS.has(event.type)) {
        this.db.prepare('UPDATE complaint_opener_receipts SET open = 0 WHERE case_no = ?').run(event.streamId.slice('case-'.length));
      }
    }
    this.db.prepare('INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET position = excluded.position')
      .run(CHECKPOINT, events[events.length - 1].position);
  }

  private async overdue(event: StoredEvent): Promise<void> {
    const caseNo = event.streamId.slice('case-'.length);
    const overdue = event.data as CaseOverdue['data'];
    await this.commands.fileAs(overdueComplaintNo(caseNo, overdue.dueDate), {
      category: 'not-within-time-limit', channel: 'automatic', complainant: { kind: 'system', trigger: 'CaseOverdue' }, target: { caseNo },
      summary: `案件 ${caseNo} 超过承诺时限（${overdue.dueDate}）未办结`, evidence: [`${event.streamId}@${event.revision}`],
    }, this.meta(event, overdue.at), true);
  }

  private async feeRefused(event: StoredEvent): Promise<void> {
    const caseNo = event.streamId.slice('case-'.length);
    const refused = event.data as FeeAssessmentRefused['data'];
    await this.commands.fileAs(illegalFeeComplaintNo(caseNo, event.revision), {
      category: 'illegal-fee', channel: 'automatic', complainant: { kind: 'system', trigger: 'FeeAssessmentRefused' }, target: { caseNo },
      summary: `案件 ${caseNo} 拟收取不符合收费目录的费用（${refused.fees.map((f) => `${f.feeCode} ${f.amountFen}分`).join('、')}），已被拒绝：${refused.code}`,
      evidence: [`${event.streamId}@${event.revision}`],
    }, this.meta(event, refused.at), true);
  }

  private async received(event: StoredEvent): Promise<void> {
    const d = event.data as CaseReceived['data'];
    // An applicant without an ID number is a new person on each receipt, so never matches; a receipt from before the vault has no person.
    const applicantId = recordedApplicant(d.applicant).personId;
    if (!applicantId) return;
    const place = d.channel === 'sub-center' ? `sub-center:${d.subCenterId}` : 'center';
    const earlier = this.db.prepare<[string, string, string], { case_no: string; place: string }>(
      `SELECT case_no, place FROM complaint_opener_receipts WHERE applicant_id = ? AND item_code = ? AND open = 1 AND place <> ?
       ORDER BY case_no LIMIT 1`).get(applicantId, d.item.code, place);
    if (earlier) {
      await this.commands.fileAs(doubleAcceptanceComplaintNo(d.caseNo), {
        category: 'double-acceptance', channel: 'automatic', complainant: { kind: 'system', trigger: 'CaseReceived' }, target: { caseNo: d.caseNo },
        summary: `同一申请人同一事项 ${d.item.code} 在两处受理：${earlier.case_no}（${earlier.place}）与 ${d.caseNo}（${place}）`,
        evidence: [earlier.case_no, d.caseNo],
      }, this.meta(event, d.at), true);
    }
    this.db.prepare('INSERT OR IGNORE INTO complaint_opener_receipts (case_no, applicant_id, item_code, place, open) VALUES (?, ?, ?, ?, 1)')
      .run(d.caseNo, applicantId, d.item.code, place);
  }

  private meta(event: StoredEvent, now: string): CommandMeta {
    return { now, correlationId: event.metadata.correlationId, causationId: event.id, actor: { id: 'discipline-window', role: 'system' } };
  }
}
