import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { ReasonRequest } from '../cases/actions/case-actions.request.dto';
import type { CommandMeta } from '../write/command-meta';
import { CatalogCommands } from './catalog-commands';
import { FeeEntryRequest, PublishItemRequest, ReviseItemRequest } from './catalog.request.dto';

@ApiTags('catalog')
@Controller('api/catalog')
export class CatalogHttpController {
  constructor(
    private readonly commands: CatalogCommands,
    private readonly readModels: FreshReadModels,
  ) {}

  @Post('items')
  @ApiOperation({ summary: 'Publish a service item (version 1)' })
  async publishItem(@Body() body: PublishItemRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const { code, ...terms } = body;
    return answer(reply, await this.commands.item({ type: 'PublishItem', data: { code, terms: plainTerms(terms) } }, meta, 201));
  }

  @Put('items/:code')
  @ApiOperation({ summary: 'Revise an item: a new version; cases keep the version they were accepted under' })
  async reviseItem(@Param('code') code: string, @Body() body: ReviseItemRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    const { reason, ...terms } = body;
    return answer(reply, await this.commands.item({ type: 'ReviseItem', data: { code, terms: plainTerms(terms), reason } }, meta, 200));
  }

  @Post('items/:code/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw an item from the catalog' })
  async withdrawItem(@Param('code') code: string, @Body() body: ReasonRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commands.item({ type: 'WithdrawItem', data: { code, reason: body.reason } }, meta, 200));
  }

  @Get('items')
  @ApiOperation({ summary: 'The published catalog' })
  @ApiQuery({ name: 'departmentId', required: false })
  async listItems(@Query('departmentId') departmentId?: string) {
    const db = await this.readModels.get();
    let query = db.selectFrom('items').select(['terms', 'status']).orderBy('code');
    if (departmentId !== undefined) query = query.where('department_id', '=', departmentId);
    const rows = await query.execute();
    return rows.map((row) => ({ ...JSON.parse(row.terms), status: row.status }));
  }

  @Get('items/:code')
  @ApiOperation({ summary: 'One item, its current terms and every version' })
  async getItem(@Param('code') code: string) {
    // The item and its versions as of one moment.
    const { row, versions } = await this.readModels.read(async (tx) => ({
      row: await tx.selectFrom('items').select(['terms', 'status']).where('code', '=', code).executeTakeFirst(),
      versions: await tx.selectFrom('item_versions').select(['terms', 'published_at']).where('code', '=', code).orderBy('version').execute(),
    }));
    if (!row) throw new NotFoundException({ code: 'ITEM.NOT_FOUND', message: `item ${code} is not in the catalog` });
    return { ...JSON.parse(row.terms), status: row.status, versions: versions.map((v) => ({ ...JSON.parse(v.terms), publishedAt: v.published_at })) };
  }

  @Post('fees')
  @ApiOperation({ summary: 'Add an entry of the national or provincial fee catalog' })
  async publishFee(@Body() body: FeeEntryRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commands.fee({ type: 'PublishFeeEntry', data: { ...body } }, meta, 201));
  }

  @Put('fees/:code')
  @ApiOperation({ summary: 'Revise a fee-catalog entry (the code in the path wins)' })
  async reviseFee(@Param('code') code: string, @Body() body: FeeEntryRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commands.fee({ type: 'ReviseFeeEntry', data: { ...body, code } }, meta, 200));
  }

  @Post('fees/:code/withdraw')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a fee-catalog entry' })
  async withdrawFee(@Param('code') code: string, @Body() body: ReasonRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.commands.fee({ type: 'WithdrawFeeEntry', data: { code, reason: body.reason } }, meta, 200));
  }

  @Get('fees')
  @ApiOperation({ summary: 'The fee catalog' })
  async listFees() {
    const db = await this.readModels.get();
    const rows = await db.selectFrom('fee_entries').select(['entry', 'status']).orderBy('code').execute();
    return rows.map((row) => ({ ...JSON.parse(row.entry), status: row.status }));
  }
}

/** Class instances from the validation pipe become plain data before they reach the domain. */
function plainTerms<T extends object>(terms: T): T {
  return JSON.parse(JSON.stringify(terms)) as T;
}
