import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CaseFiguresQuery, OpenCasesQuery } from '@gov/projections';
import { Clock } from '../infrastructure/clock';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { PeriodQuery } from '../http/period.query.dto';

const OPEN_CASES_LIMIT = 200;

/** The supervisors' read models: figures per window, department and center, and what is pending. */
@ApiTags('reports')
@Controller('api')
export class ReportsHttpController {
  constructor(
    private readonly readModels: FreshReadModels,
    private readonly figures: CaseFiguresQuery,
    private readonly openCases: OpenCasesQuery,
    private readonly clock: Clock,
  ) {}

  @Get('windows/:id/stats')
  @ApiOperation({ summary: 'A window\'s figures over a period (README: "Reported figures")' })
  @ApiParam({ name: 'id' })
  async windowStats(@Param('id') id: string, @Query() period: PeriodQuery) {
    await this.readModels.waitForFresh();
    return { windowId: id, ...period, ...await this.figures.figures(period, { kind: 'window', id }, this.clock.now().toISOString()) };
  }

  @Get('departments/:id/stats')
  @ApiOperation({ summary: 'A department\'s figures over a period' })
  async departmentStats(@Param('id') id: string, @Query() period: PeriodQuery) {
    await this.readModels.waitForFresh();
    return { departmentId: id, ...period, ...await this.figures.figures(period, { kind: 'department', id }, this.clock.now().toISOString()) };
  }

  @Get('reports/center')
  @ApiOperation({ summary: 'The center report: the whole center and each department' })
  async centerReport(@Query() period: PeriodQuery) {
    await this.readModels.waitForFresh();
    const now = this.clock.now().toISOString();
    // One snapshot: the departments add up to the center.
    return this.figures.snapshot(async (snapshot) => {
      const departments = [...await snapshot.figuresByDepartment(period, now)].map(([departmentId, figures]) => ({ departmentId, ...figures }));
      return { ...period, center: await snapshot.figures(period, { kind: 'center' }, now), departments };
    });
  }

  @Get('windows/:id/open-cases')
  @ApiOperation({ summary: 'A window\'s pending cases, the one falling due first at the top' })
  @ApiQuery({ name: 'limit', required: false })
  async windowOpenCases(@Param('id') id: string, @Query('limit') limit?: string) {
    await this.readModels.waitForFresh();
    return this.openCases.list({ kind: 'window', id }, this.clock.now().toISOString(), boundedLimit(limit));
  }

  @Get('departments/:id/open-cases')
  @ApiOperation({ summary: 'A department\'s pending cases, the one falling due first at the top' })
  @ApiQuery({ name: 'limit', required: false })
  async departmentOpenCases(@Param('id') id: string, @Query('limit') limit?: string) {
    await this.readModels.waitForFresh();
    return this.openCases.list({ kind: 'department', id }, this.clock.now().toISOString(), boundedLimit(limit));
  }
}

function boundedLimit(limit: string | undefined): number {
  const n = Number(limit);
  return Number.isInteger(n) && n > 0 ? Math.min(n, OPEN_CASES_LIMIT) : OPEN_CASES_LIMIT;
}
