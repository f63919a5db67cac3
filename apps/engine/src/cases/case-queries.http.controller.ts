import { Controller, Get, Inject, Param, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseEvent, CaseRecord, caseStreamId, evolveCase, initialCaseState, RuleViolation } from '@gov/domain';
import type { EventStore } from '@gov/event-store';
import { mayReadApplicantInClear, PERSONAL_DATA_VAULT, PersonalDataVault, applicantView } from '../personal-data';
import type { FastifyRequest } from 'fastify';
import { principalOfRequest } from '../auth/auth.guard';
import { assertInScope } from '../auth/record-scope';
import { casePlace } from './actions/case-action.handler';
import { asDomainEvent } from '../write/commands';
import { caseView, historyView } from './actions/case-view';
import { CaseNoPipe } from '../http/case-no.pipe';
import { EVENT_STORE } from '../infrastructure/tokens';

@ApiTags('cases')
@Controller('api/cases')
export class CaseQueriesHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
  ) {}

  /** Read from the case's own stream: always current, and the history is the record itself. */
  @Get(':caseNo')
  @ApiOperation({ summary: 'A case\'s state, its applicant (in clear for the applicant and the department\'s window staff, masked for anyone else) and its full history' })
  async get(@Param('caseNo', CaseNoPipe) caseNo: string, @Req() request: FastifyRequest) {
    const events = await this.store.readStream(caseStreamId(caseNo));
    const state = events.reduce((s, e) => evolveCase(s, asDomainEvent<CaseEvent>(e)), initialCaseState());
    if (state.status === 'none') throw new RuleViolation('CASE.NOT_FOUND', 'CaseMustExist', `no case ${caseNo}`, 'not-found');
    const record = state as CaseRecord;
    assertInScope(principalOfRequest(request), casePlace(record), `case ${caseNo}`);
    const clear = mayReadApplicantInClear(principalOfRequest(request), { caseNo, departmentId: record.item.departmentId });
    const applicant = await applicantView(this.vault, (events[0].data as { applicant: unknown }).applicant, clear);
    // The receipt in the history shows the applicant as above, not the sealed envelope.
    const history = historyView(events).map((entry) => entry.type === 'CaseReceived' ? { ...entry, data: { ...(entry.data as object), applicant } } : entry);
    return { ...caseView(record), applicant, history };
  }
}
