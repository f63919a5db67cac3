import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { OneWindowQueries, StepFiguresQuery } from '@gov/projections';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { ReferenceData } from '../infrastructure/reference-data';
import { PeriodQuery } from '../http/period.query.dto';

/** 一窗受理: a comprehensive window's receipts for the departments it serves (the cases count for those departments). */
@ApiTags('reports')
@Controller('api/windows/:id')
export class OneWindowHttpController {
  constructor(private readonly readModels: FreshReadModels, private readonly received: OneWindowQueries, private readonly reference: ReferenceData) {}

  @Get('received-for')
  @ApiParam({ name: 'id' })
  @ApiOperation({ summary: "What a window received over a period, by the department each case belongs to; those of other departments are what it received for them (一窗受理)" })
  async receivedFor(@Param('id') id: string, @Query() period: PeriodQuery) {
    await this.readModels.waitForFresh();
    const ownDepartmentId = (await this.reference.current()).organization.windows.get(id)?.departmentId ?? null;
    const byDepartment = await this.received.receivedByDepartment(id, period.from, period.to);
    const forOthers = byDepartment.filter((d) => d.departmentId !== ownDepartmentId);
    return {
      windowId: id, departmentId: ownDepartmentId, ...period, byDepartment,
      receivedForOtherDepartments: forOthers.reduce((sum, d) => sum + d.received, 0),
    };
  }
}

/** Where a department's time goes: per step of its cases' procedures, and by item (issue 24). */
@ApiTags('reports')
@Controller('api/departments/:id')
export class StepFiguresHttpController {
  constructor(private readonly readModels: FreshReadModels, private readonly steps: StepFiguresQuery) {}

  @Get('steps')
  @ApiParam({ name: 'id' })
  @ApiOperation({ summary: "A department's step figures over a period (runs started in it): how many, how long (working days, suspended days excluded), how many returned and overran; by item too" })
  async stepFigures(@Param('id') id: string, @Query() period: PeriodQuery) {
    await this.readModels.waitForFresh();
    return this.steps.figures(id, period.from, period.to);
  }
}
