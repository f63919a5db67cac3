import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { OrganizationCommand } from '@gov/domain';
import { CatalogQueries } from '@gov/projections';
import type { FastifyReply } from 'fastify';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import type { CommandMeta } from '../write/command-meta';
import { ChangeOrganizationCommand } from './organization.command';
import { DepartmentRequest, SubCenterRequest, WindowRequest } from './organization.request.dto';

@ApiTags('organization')
@Controller('api')
export class OrganizationHttpController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly readModels: FreshReadModels,
    private readonly catalog: CatalogQueries,
  ) {}

  @Post('departments')
  @ApiOperation({ summary: 'Register a department (窗口单位)' })
  async department(@Body() body: DepartmentRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.register({ type: 'RegisterDepartment', data: { ...body } }, meta));
  }

  @Post('windows')
  @ApiOperation({ summary: 'Register a service window (窗口)' })
  async window(@Body() body: WindowRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.register({ type: 'RegisterWindow', data: { ...body } }, meta));
  }

  @Post('sub-centers')
  @ApiOperation({ summary: 'Register a sub-center (分中心)' })
  async subCenter(@Body() body: SubCenterRequest, @Meta() meta: CommandMeta, @Res({ passthrough: true }) reply: FastifyReply) {
    return answer(reply, await this.register({ type: 'RegisterSubCenter', data: { ...body } }, meta));
  }

  @Get('departments')
  @ApiOperation({ summary: 'Departments with their windows and sub-centers' })
  async departments() {
    await this.readModels.waitForFresh();
    return this.catalog.departments();
  }

  private register(command: OrganizationCommand, meta: CommandMeta) {
    return this.commandBus.execute(new ChangeOrganizationCommand(command, meta));
  }
}
