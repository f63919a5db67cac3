import { HttpException, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { CaseCompleted, CaseReceived, caseStreamId, recordedApplicant, RuleViolation } from '@gov/domain';
import type { EventStore, StoredEvent } from '@gov/event-store';
import type { ReadModelStore } from '@gov/projections';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { ReferenceData } from '../infrastructure/reference-data';
import { EVENT_STORE, READ_MODEL_STORE } from '../infrastructure/tokens';
import { PERSONAL_DATA_VAULT, PersonalDataVault } from '../personal-data';
import { AfterCommit, CheckpointedLogReader } from '../policies/checkpointed-log-reader';
import { StaffLookup } from '../staff';
import { CaseDocuments } from './case-documents';
import { DEFAULT_DECISION_FONT, decisionTitle, DecisionFacts } from './decision-document';
import { DecisionRenderer } from './decision-renderer';

/**
 * Every completed case gets its decision document (决定书), generated as a PDF and stored like
 * any document of the case (sealed under the applicant's key, DocumentAttached with source
 * `decision`), for the applicant to download from the lookup page. Once per case: a replay finds
 * the document attached and makes none. Nothing is made for an erased applicant, nor when the
 * case refuses it (logged, the reader goes on). A document that cannot be made or stored (the
 * store failing, the font missing) is made again: the error leaves the checkpoint before the
 * completion, and the subscription retries the batch with backoff (0.2 s doubling to 5 s), a
 * restart from the checkpoint (decision 0089).
 */
@Injectable()
export class DecisionDocumentPolicy extends CheckpointedLogReader {
  /** On a thread of its own (decision-renderer.ts). */
  private readonly renderer: DecisionRenderer;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_STORE) readModels: ReadModelStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly documents: CaseDocuments,
    private readonly reference: ReferenceData,
    private readonly staff: StaffLookup,
  ) {
    // Cases completed before the engine made decision documents had theirs on paper: none is made for them.
    super(store, readModels, { name: 'decision-documents', types: ['CaseCompleted'], fromTheHeadWhenNew: true });
    this.renderer = new DecisionRenderer(config.decisionFont ?? DEFAULT_DECISION_FONT);
  }

  override async onApplicationShutdown(): Promise<void> {
    await super.onApplicationShutdown();
    await this.renderer.close();
  }

  /** DECISION_DOCUMENTS=false: the reader does not start (its checkpoint stays; turned on again, it makes the documents it missed). */
  override async onApplicationBootstrap(): Promise<void> {
    if (this.config.decisionDocuments !== false) await super.onApplicationBootstrap();
  }

  protected async handle(event: StoredEvent): Promise<AfterCommit | void> {
    if (!event.streamId.startsWith('case-') || event.metadata.actor?.role === 'migration') return;
    return () => this.issue(event).catch((error: unknown) => {
      // A refusal (the case or the applicant no longer takes it) is final; anything else (the store, the font) is tried again.
      if (error instanceof RuleViolation || error instanceof HttpException) {
        this.logger.warn(`no decision document for ${event.streamId}: ${(error as Error).message}`);
        return;
      }
      this.logger.error(`no decision document for ${event.streamId} yet, tried again from the checkpoint: ${(error as Error).message}`);
      throw error;
    });
  }

  private async issue(completed: StoredEvent): Promise<void> {
    const caseNo = completed.streamId.slice('case-'.length);
    const events = await this.store.readStream(caseStreamId(caseNo));
    if (events.some((event) => event.type === 'DocumentAttached' && (event.data as { source: string }).source === 'decision')) return;
    const facts = await this.factsOf(caseNo, events[0].data as CaseReceived['data'], completed);
    if (!facts) return;
    const pdf = await this.renderer.render(facts);
    const meta = { now: (completed.data as CaseCompleted['data']).at, correlationId: completed.metadata.correlationId ?? randomUUID(), causationId: completed.id,
      actor: { id: 'service-center', role: 'system' } };
    await this.documents.attach(caseNo, { material: decisionTitle(facts.outcome), mediaType: 'application/pdf', source: 'decision', bytes: once(pdf) }, meta);
  }

  private async factsOf(caseNo: string, receipt: CaseReceived['data'], completed: StoredEvent): Promise<DecisionFacts | null> {
    const applicant = recordedApplicant(receipt.applicant);
    const fields = applicant.personId ? await this.vault.unseal(applicant) : null;
    if (!fields?.name) return null;
    const decided = completed.data as CaseCompleted['data'];
    const approverId = completed.metadata.actor?.id ?? '';
    const approver = approverId ? await this.staff.state(approverId) : { status: 'none' as const };
    const { organization } = await this.reference.current();
    return {
      caseNo, outcome: decided.outcome, decision: decided.decision, applicantName: fields.name, itemName: receipt.item.name, itemCode: receipt.item.code,
      legalBasis: receipt.item.legalBasis, departmentName: organization.departments.get(receipt.item.departmentId)?.name ?? receipt.item.departmentId,
      acceptedDate: receipt.acceptedDate, completedDate: decided.completedDate, approverName: approver.status === 'none' ? approverId : approver.name,
    };
  }
}

/** A made document as the stream of bytes `attach` takes. */
async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}
