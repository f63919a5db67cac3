import { CommandBus } from '@nestjs/cqrs';
import { CatalogQueries } from '@gov/projections';
import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { ReasonRequest } from '../http/common.request.dto';
import type { CommandMeta } from '../write/command-meta';
import { FeeCommand, ItemCommand } from './catalog.commands';
import { FeeEntryRequest, ProcedureFromBpmnRequest, ProcedureQuery, PublishItemRequest, ReviseItemRequest } from './catalog.request.dto';
import { procedureFromBpmn } from './procedure-from-bpmn';
import { procedureAsBpmn } from './procedure.bpmn';
import type { ItemVersion } from '@gov/domain';

@ApiTags('catalog')
@Controller('api/catalog')
export class CatalogHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readModels: FreshReadModels,
    private readonly catalog: CatalogQueries,
  ) {}

  @Post('items')
  @ApiOperation({ summary: 'Publish a service item (version 1)' })
  async publishItem(@Body() body: PublishItemRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const { code, ...terms } = body;
    return answer(reply, await this.commandBus.execute(new ItemCommand({ type: 'PublishItem', data: { code, terms: plainTerms(terms) } }, meta, 201)));
  }

  @Put('items/:code')
  @ApiOperation({ summary: 'Revise an item: a new version; cases keep the version they were accepted under' })
  async reviseItem(@Param('code') code: string, @Body() body: ReviseItemRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const { reason, ...terms } = body;
    return answer(reply, await this.commandBus.execute(new ItemCommand({ type: 'ReviseItem', data: { code, terms: plainTerms(terms), reason } }, meta, 200)));
  }

  @Post('items/:code/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw an item from the catalog' })
  async withdrawItem(@Param('code') code: string, @Body() body: ReasonRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new ItemCommand({ type: 'WithdrawItem', data: { code, reason: body.reason } }, meta, 200)));
  }

  @Get('items')
  @ApiOperation({ summary: 'The published catalog' })
  @ApiQuery({ name: 'departmentId', required: false })
  async listItems(@Query('departmentId') departmentId?: string) {
    await this.readModels.waitForFresh();
    return this.catalog.items(departmentId);
  }

  @Get('items/:code')
  @ApiOperation({ summary: 'One item, its current terms and every version' })
  async getItem(@Param('code') code: string) {
    await this.readModels.waitForFresh();
    const item = await this.catalog.item(code);
    if (!item) throw new NotFoundException({ code: 'ITEM.NOT_FOUND', message: `item ${code} is not in the catalog` });
    return item;
  }

  @Get('items/:code/bpmn')
  @ApiOperation({ summary: "An item version's procedure (its steps, or the default derived from the item) as BPMN 2.0 XML" })
  @ApiProduces('application/bpmn+xml')
  @ApiOkResponse({ description: 'BPMN 2.0 definitions: one process, a user task per step, with a diagram', schema: { type: 'string' } })
  async procedureBpmn(@Param('code') code: string, @Query() query: ProcedureQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.readModels.waitForFresh();
    const item = (await this.catalog.item(code)) as (ItemVersion & { versions: ItemVersion[] }) | undefined;
    if (!item) throw new NotFoundException({ code: 'ITEM.NOT_FOUND', message: `item ${code} is not in the catalog` });
    const version = query.version === undefined ? item : item.versions.find((v) => v.version === query.version);
    if (!version) throw new NotFoundException({ code: 'ITEM.VERSION_NOT_FOUND', message: `item ${code} has no version ${query.version}` });
    void reply.header('content-type', 'application/bpmn+xml; charset=utf-8');
    return procedureAsBpmn(version);
  }

  @Put('items/:code/procedure')
  @ApiOperation({ summary: "Revise only an item's procedure, from a BPMN 2.0 model: a new version with its steps, every other term kept" })
  async procedureFromBpmn(@Param('code') code: string, @Body() body: ProcedureFromBpmnRequest, @Meta() meta: CommandMeta,
    @Res({ passthrough: true }) reply: FastifyReply) {
    const steps = await procedureFromBpmn(body.bpmn);
    return answer(reply, await this.commandBus.execute(new ItemCommand({ type: 'ReviseProcedure', data: { code, steps, reason: body.reason } }, meta, 200)));
  }

  @Post('fees')
  @ApiOperation({ summary: 'Add an entry of the national or provincial fee catalog' })
  async publishFee(@Body() body: FeeEntryRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new FeeCommand({ type: 'PublishFeeEntry', data: { ...body } }, meta, 201)));
  }

  @Put('fees/:code')
  @ApiOperation({ summary: 'Revise a fee-catalog entry (the code in the path wins)' })
  async reviseFee(@Param('code') code: string, @Body() body: FeeEntryRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new FeeCommand({ type: 'ReviseFeeEntry', data: { ...body, code } }, meta, 200)));
  }

  @Post('fees/:code/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a fee-catalog entry' })
  async withdrawFee(@Param('code') code: string, @Body() body: ReasonRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commandBus.execute(new FeeCommand({ type: 'WithdrawFeeEntry', data: { code, reason: body.reason } }, meta, 200)));
  }

  @Get('fees')
  @ApiOperation({ summary: 'The fee catalog' })
  async listFees() {
    await this.readModels.waitForFresh();
    return this.catalog.fees();
  }
}

/** Class instances from the validation pipe become plain data before they reach the domain. */
function plainTerms<T extends object>(terms: T): T {
  return JSON.parse(JSON.stringify(terms)) as T;
}
