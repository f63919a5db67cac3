import { Body, Controller, Get, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  decideOrganization, evolveOrganization, initialOrganizationState, ORGANIZATION_STREAM, OrganizationCommand,
  OrganizationEvent, OrganizationState,
} from '@gov/domain';
import type { FastifyReply } from 'fastify';
import { Meta } from '../http/command-meta.decorator';
import { answer } from '../http/reply';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import type { CommandMeta } from '../write/command-meta';
import { CommandRunner } from '../write/commands';
import { DepartmentRequest, SubCenterRequest, WindowRequest } from './organization.request.dto';

@ApiTags('organization')
@Controller('api')
export class OrganizationHttpController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly readModels: FreshReadModels,
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
    const { departments, windows, subCenters } = await this.readModels.read(async (tx) => ({
      departments: await tx.selectFrom('departments').selectAll().orderBy('id').execute(),
      windows: await tx.selectFrom('windows').selectAll().orderBy('id').execute(),
      subCenters: await tx.selectFrom('sub_centers').selectAll().orderBy('id').execute(),
    }));
    return departments.map((d) => ({
      id: d.id, name: d.name, caseNoPrefix: d.case_no_prefix,
      windows: windows.filter((w) => w.department_id === d.id).map((w) => ({ id: w.id, name: w.name, comprehensive: w.comprehensive === 1 })),
      subCenters: subCenters.filter((s) => s.department_id === d.id).map((s) => ({ id: s.id, name: s.name })),
    }));
  }

  private register(command: OrganizationCommand, meta: CommandMeta) {
    return this.runner.run<OrganizationState, OrganizationEvent, unknown>({
      streamId: ORGANIZATION_STREAM,
      initialState: initialOrganizationState,
      evolve: evolveOrganization,
      decide: (state) => decideOrganization(command, state),
      respond: () => ({ status: 201, body: command.data }),
    }, meta);
  }
}
