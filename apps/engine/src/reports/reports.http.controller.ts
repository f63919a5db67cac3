import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CaseFigures, CaseFiguresQuery, emptyFigures, OpenCasesQuery } from '@gov/projections';
import { shanghaiDateOf, unpublishedYearsBetween, type OrganizationState, type WorkingCalendar } from '@gov/domain';
import { Clock } from '../infrastructure/clock';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { ReferenceData } from '../infrastructure/reference-data';
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
    private readonly reference: ReferenceData,
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
  @ApiOperation({ summary: 'The center report: the whole center, every department by name (zeros where it had no case), every sub-center' })
  async centerReport(@Query() period: PeriodQuery) {
    await this.readModels.waitForFresh();
    const now = this.clock.now().toISOString();
    // One snapshot: the departments add up to the center.
    return this.figures.snapshot(async (snapshot) => {
      const organization = this.reference.organization;
      const departments = everyDepartment(organization, await snapshot.figuresByDepartment(period, now));
      const subCenters = everySubCenter(organization, await snapshot.figuresBySubCenter(period, now));
      return { ...period, center: await snapshot.figures(period, { kind: 'center' }, now), departments, subCenters };
    });
  }

  @Get('windows/:id/open-cases')
  @ApiOperation({ summary: 'A window\'s pending cases, the one falling due first at the top' })
  @ApiQuery({ name: 'limit', required: false })
  async windowOpenCases(@Param('id') id: string, @Query('limit') limit?: string) {
    await this.readModels.waitForFresh();
    return flagUnpublishedYears(await this.openCases.list({ kind: 'window', id }, this.clock.now().toISOString(), boundedLimit(limit)), this.reference.calendar);
  }

  @Get('departments/:id/open-cases')
  @ApiOperation({ summary: 'A department\'s pending cases, the one falling due first at the top' })
  @ApiQuery({ name: 'limit', required: false })
  async departmentOpenCases(@Param('id') id: string, @Query('limit') limit?: string) {
    await this.readModels.waitForFresh();
    return flagUnpublishedYears(await this.openCases.list({ kind: 'department', id }, this.clock.now().toISOString(), boundedLimit(limit)), this.reference.calendar);
  }
}

/** Every registered department in id order, with its name; then any department known only from its cases (name null). */
function everyDepartment(organization: OrganizationState, figures: ReadonlyMap<string, CaseFigures>) {
  const ids = [...new Set([...organization.departments.keys(), ...figures.keys()])].sort();
  return ids.map((departmentId) => ({ departmentId, name: organization.departments.get(departmentId)?.name ?? null, ...(figures.get(departmentId) ?? emptyFigures()) }));
}

/** Every registered sub-center in id order: the cases it received itself (channel sub-center), under the department it serves. */
function everySubCenter(organization: OrganizationState, figures: ReadonlyMap<string, CaseFigures>) {
  const ids = [...new Set([...organization.subCenters.keys(), ...figures.keys()])].sort();
  return ids.map((subCenterId) => {
    const subCenter = organization.subCenters.get(subCenterId);
    return { subCenterId, name: subCenter?.name ?? null, departmentId: subCenter?.departmentId ?? null, ...(figures.get(subCenterId) ?? emptyFigures()) };
  });
}

/** Each open case flagged when its deadline was counted on a year nobody has published (Monday to Friday there). */
function flagUnpublishedYears<T extends { receivedAt: string; dueDate: string }>(rows: readonly T[], calendar: WorkingCalendar) {
  return rows.map((row) => ({ ...row, deadlineOnUnpublishedYear: unpublishedYearsBetween(calendar, shanghaiDateOf(row.receivedAt), row.dueDate).length > 0 }));
}

function boundedLimit(limit: string | undefined): number {
  const n = Number(limit);
  return Number.isInteger(n) && n > 0 ? Math.min(n, OPEN_CASES_LIMIT) : OPEN_CASES_LIMIT;
}
