import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CaseEvent, CaseRecord, caseStreamId, evolveCase, initialCaseState, RuleViolation } from '@gov/domain';
import type { EventStore } from '@gov/event-store';
import { asDomainEvent } from '../commands/command-runner';
import { caseView, historyView } from '../commands/case-actions/case-view';
import { CaseNoPipe } from '../http/case-no.pipe';
import { EVENT_STORE } from '../infrastructure/tokens';

@ApiTags('cases')
@Controller('api/cases')
export class CasesHttpController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Read from the case's own stream: always current, and the history is the record itself. */
  @Get(':caseNo')
  @ApiOperation({ summary: 'A case\'s state and its full history' })
  async get(@Param('caseNo', CaseNoPipe) caseNo: string) {
    const events = await this.store.readStream(caseStreamId(caseNo));
    const state = events.reduce((s, e) => evolveCase(s, asDomainEvent<CaseEvent>(e)), initialCaseState());
    if (state.status === 'none') throw new RuleViolation('CASE.NOT_FOUND', 'CaseMustExist', `no case ${caseNo}`, 'not-found');
    return { ...caseView(state as CaseRecord), history: historyView(events) };
  }
}
