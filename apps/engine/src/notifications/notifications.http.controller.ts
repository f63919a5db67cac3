import { Body, Controller, Get, Inject, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { caseDecider, CaseEvent, caseStreamId, evolveCase, initialCaseState, recordedApplicant, RuleViolation } from '@gov/domain';
import type { EventStore } from '@gov/event-store';
import type { ReadModelStore } from '@gov/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { principalOfRequest } from '../auth/auth.guard';
import { assertInScope } from '../auth/record-scope';
import { CaseNoPipe } from '../http/case-no.pipe';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { validationFailed } from '../http/validation';
import { ReferenceData } from '../infrastructure/reference-data';
import { EVENT_STORE, READ_MODEL_STORE } from '../infrastructure/tokens';
import { PERSONAL_DATA_VAULT, PersonalDataVault } from '../personal-data';
import type { CommandMeta } from '../write/command-meta';
import { asDomainEvent, Commands } from '../write/commands';
import { WECHAT_OPENID } from './notification-dispatcher';
import { OutboxRow, rowsOfCase, rowsWithStatus } from './notification-outbox';
import { NotificationPreferencesRequest, NotificationResponse } from './notification-preferences.request.dto';

/** The applicant's choice of notifications, and what was sent: per case, and the dead letters for the center. */
@ApiTags('notifications')
@Controller('api')
export class NotificationsHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(PERSONAL_DATA_VAULT) private readonly vault: PersonalDataVault,
    private readonly commands: Commands,
    private readonly reference: ReferenceData,
  ) {}

  @Put('cases/:caseNo/notifications')
  @ApiParam({ name: 'caseNo', example: 'SCJG-20260403-00001' })
  @ApiOperation({ summary: 'The applicant opts out of (or back into) notifications about their case, or gives a WeChat openid (sealed like any personal field)' })
  async setPreferences(
    @Param('caseNo', CaseNoPipe) caseNo: string, @Body() body: NotificationPreferencesRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const events = (await this.store.readStream(caseStreamId(caseNo))).map((event) => asDomainEvent<CaseEvent>(event));
    const state = events.reduce(evolveCase, initialCaseState());
    if (state.status === 'none') throw new RuleViolation('CASE.NOT_FOUND', 'CaseMustExist', `no case ${caseNo}`, 'not-found');
    assertInScope(meta.scope, { departmentId: state.item.departmentId, channel: state.channel, subCenterId: state.subCenterId }, `case ${caseNo}`);
    const { personId } = recordedApplicant((events[0].data as { applicant: unknown }).applicant);
    let wechatOpenId: string | null = null;
    if (body.wechatOpenId) {
      wechatOpenId = personId ? await this.vault.sealSecret(personId, Buffer.from(body.wechatOpenId, 'utf8'), WECHAT_OPENID) : null;
      if (!wechatOpenId) throw validationFailed([{ field: 'wechatOpenId', reason: 'the applicant of this case has no key to seal it under (erased)' }]);
    }
    const context = (await this.reference.current()).caseContext(meta.now);
    return answer(reply, await this.commands.handle(caseDecider, caseStreamId(caseNo), { type: 'SetNotificationPreferences', data: { optedOut: body.optedOut, wechatOpenId } }, meta, {
      context, respond: () => ({ status: 200, body: { caseNo, optedOut: body.optedOut, wechat: wechatOpenId !== null } }),
    }));
  }

  @Get('cases/:caseNo/notifications')
  @ApiParam({ name: 'caseNo', example: 'SCJG-20260403-00001' })
  @ApiOperation({ summary: 'What the applicant was told of their case, through which channel, and what failed' })
  @ApiOkResponse({ type: [NotificationResponse] })
  async ofCase(@Param('caseNo', CaseNoPipe) caseNo: string, @Req() request: FastifyRequest) {
    const events = await this.store.readStream(caseStreamId(caseNo));
    const state = events.map((event) => asDomainEvent<CaseEvent>(event)).reduce(evolveCase, initialCaseState());
    if (state.status === 'none') throw new RuleViolation('CASE.NOT_FOUND', 'CaseMustExist', `no case ${caseNo}`, 'not-found');
    assertInScope(principalOfRequest(request), { departmentId: state.item.departmentId, channel: state.channel, subCenterId: state.subCenterId }, `case ${caseNo}`);
    return (await rowsOfCase(this.readModels.db, caseNo)).map(view);
  }

  @Get('notifications/dead-letters')
  @ApiOperation({ summary: 'Notifications given up on, newest first, each with the reason' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } })
  @ApiOkResponse({ type: [NotificationResponse] })
  async deadLetters(@Query('limit') limit?: string) {
    const count = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(count) || count < 1 || count > 1000) throw validationFailed([{ field: 'limit', reason: 'must be a whole number from 1 to 1000' }]);
    return (await rowsWithStatus(this.readModels.db, 'dead', count)).map(view);
  }
}

function view(row: OutboxRow) {
  return {
    notificationId: row.notification_id, caseNo: row.case_no, kind: row.kind, status: row.status, attempts: Number(row.attempts), channel: row.channel,
    reason: row.reason, sentAt: row.sent_at,
  };
}
