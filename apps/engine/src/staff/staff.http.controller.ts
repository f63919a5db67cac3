import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { principalOfRequest } from '../auth/auth.guard';
import { assertInScope } from '../auth/record-scope';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CommandBus } from '@nestjs/cqrs';
import { RuleViolation, shanghaiDateOf, StaffCommand } from '@gov/domain';
import { StaffQueries } from '@gov/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommandMeta } from '../write/command-meta';
import { StaffActionCommand } from './staff.command';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { Clock } from '../infrastructure/clock';
import { ReferenceData } from '../infrastructure/reference-data';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { AuthorizeStaffRequest, PostStaffRequest, RevokeAuthorizationRequest, RosterQuery } from './staff.request.dto';
import { StaffReturnPolicy } from './staff-return.policy';

/** Window staff (窗口工作人员): the roster and the authorizations department heads grant. */
@ApiTags('staff')
@ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
@Controller('api/staff')
export class StaffHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly reference: ReferenceData,
    private readonly readModels: FreshReadModels,
    private readonly returner: StaffReturnPolicy,
    private readonly staff: StaffQueries,
    private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Post a staff member to a window of their department, from a day' })
  async post(@Body() body: PostStaffRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const { organization } = await this.reference.current();
    return answer(reply, await this.command(body.staffId, {
      type: 'PostStaff',
      data: { ...body, department: organization.departments.get(body.departmentId) ?? null, window: organization.windows.get(body.windowId) ?? null },
    }, meta, 201));
  }

  @Post(':staffId/authorizations')
  @HttpCode(200)
  @ApiOperation({ summary: 'The department head authorizes the staff member for items of the department (行政审批专用章)' })
  async authorize(@Param('staffId') staffId: string, @Body() body: AuthorizeStaffRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const reference = await this.reference.current();
    const items = body.itemCodes.map((code) => {
      const item = reference.item(code);
      return { code, departmentId: item.status === 'none' ? null : item.current.departmentId };
    });
    return answer(reply, await this.command(staffId, { type: 'AuthorizeStaff', data: { itemCodes: body.itemCodes, grantedBy: meta.actor.id, items } }, meta));
  }

  @Post(':staffId/authorizations/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw authorizations for some items' })
  async revoke(@Param('staffId') staffId: string, @Body() body: RevokeAuthorizationRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.command(staffId, { type: 'RevokeAuthorization', data: { itemCodes: body.itemCodes, reason: body.reason } }, meta));
  }

  @Get()
  @ApiOperation({ summary: 'The roster with authorizations; postings under one year are flagged (postedUnderOneYear)' })
  async roster(@Query() query: RosterQuery) {
    await this.fresh();
    return this.staff.roster(query, shanghaiDateOf(this.clock.now().toISOString()));
  }

  @Get(':staffId')
  @ApiOperation({ summary: 'One staff member: posting, status, authorizations' })
  async one(@Param('staffId') staffId: string, @Req() request: FastifyRequest) {
    await this.fresh();
    const found = await this.staff.one(staffId, shanghaiDateOf(this.clock.now().toISOString()));
    if (!found) throw new RuleViolation('STAFF.NOT_FOUND', 'StaffMustExist', `no staff member ${staffId}`, 'not-found');
    assertInScope(principalOfRequest(request), found, `staff member ${staffId}`);
    return found;
  }

  private command(staffId: string, command: StaffCommand, meta: CommandMeta, status = 200) {
    return this.commandBus.execute(new StaffActionCommand(staffId, command, meta, status));
  }

  /** Conclusions become returns, then the read models catch up. */
  private async fresh(): Promise<void> {
    await this.returner.caughtUp();
    await this.readModels.waitForFresh();
  }
}
