import { Controller, Get, Inject, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseEvent, CaseRecord, caseStreamId, evolveCase, initialCaseState, RuleViolation } from '@gov/domain';
import type { EventStore, StoredEvent } from '@gov/event-store';
import { mayReadApplicantInClear, PERSONAL_DATA_VAULT, PersonalDataVault, applicantView } from '../personal-data';
import type { FastifyRequest } from 'fastify';
import { principalOfRequest } from '../auth/auth.guard';
import { assertInScope } from '../auth/record-scope';
import { casePlace } from './actions/case-action.handler';
import { asDomainEvent } from '../write/commands';
import { caseView, historyView, isOverdue } from './actions/case-view';
import { Clock } from '../infrastructure/clock';
import { CaseNoPipe } from '../http/case-no.pipe';
import { EVENT_STORE } from '../infrastructure/tokens';
import { ReferenceData } from '../infrastructure/reference-data';

@ApiTags('cases')
@Controller('api/cases')
export class CaseQueriesHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly reference: ReferenceData,
    private readonly clock: Clock,
  ) {}

  /**
   * The payment notice (缴款通知书) the applicant takes to the bank: what to pay, to whom and under
   * which reference. The bank confirms the payment itself (POST …/pay-fee, the bank's role).
   */
  @Get(':caseNo/payment-notice')
  @ApiOperation({ summary: 'The payment notice (缴款通知书): the fees with their basis, the payee, the total and the reference the bank quotes' })
  async paymentNotice(@Param('caseNo', CaseNoPipe) caseNo: string, @Req() request: FastifyRequest) {
    const record = await this.record(caseNo, request);
    if (!record.fee) throw new RuleViolation('CASE.NO_FEE_ASSESSED', 'FeeMustBeAssessedBeforePayment', `no fee is assessed on case ${caseNo}`, 'not-found');
    const { feeCatalog, organization } = await this.reference.current();
    return {
      noticeNo: `JK-${caseNo}`, caseNo, item: { code: record.item.code, name: record.item.name },
      payee: organization.departments.get(record.item.departmentId)?.name ?? record.item.departmentId,
      fees: record.fee.fees.map((fee) => {
        const entry = feeCatalog.entries.get(fee.feeCode);
        return { feeCode: fee.feeCode, name: entry?.name ?? fee.feeCode, basis: entry?.basis ?? null, amountFen: fee.amountFen };
      }),
      totalFen: record.fee.totalFen, paid: record.feePaid,
    };
  }

  /** Read from the case's own stream: always current, and the history is the record itself. */
  @Get(':caseNo')
  @ApiOperation({ summary: 'A case\'s state, its applicant (in clear for the applicant and the department\'s window staff, masked for anyone else) and its full history' })
  async get(@Param('caseNo', CaseNoPipe) caseNo: string, @Req() request: FastifyRequest) {
    const { record, events } = await this.read(caseNo, request);
    const clear = mayReadApplicantInClear(principalOfRequest(request), { caseNo, departmentId: record.item.departmentId });
    const applicant = await applicantView(this.vault, (events[0].data as { applicant: unknown }).applicant, clear);
    // The receipt in the history shows the applicant as above, not the sealed envelope.
    const history = historyView(events).map((entry) => entry.type === 'CaseReceived' ? { ...entry, data: { ...(entry.data as object), applicant } } : entry);
    return { ...caseView(record), overdue: isOverdue(record, this.clock.now().toISOString()), applicant, history };
  }

  private async record(caseNo: string, request: FastifyRequest): Promise<CaseRecord> {
    return (await this.read(caseNo, request)).record;
  }

  /** The case from its own stream, for a caller whose scope reaches it. */
  private async read(caseNo: string, request: FastifyRequest): Promise<{ record: CaseRecord; events: StoredEvent[] }> {
    const events = await this.store.readStream(caseStreamId(caseNo));
    const state = events.reduce((s, e) => evolveCase(s, asDomainEvent<CaseEvent>(e)), initialCaseState());
    if (state.status === 'none') throw new RuleViolation('CASE.NOT_FOUND', 'CaseMustExist', `no case ${caseNo}`, 'not-found');
    assertInScope(principalOfRequest(request), casePlace(state), `case ${caseNo}`);
    return { record: state, events: [...events] };
  }
}
