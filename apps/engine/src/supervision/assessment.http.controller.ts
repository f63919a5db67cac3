import { Controller, Get, Inject, Param, ParseIntPipe } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { assessCenter, assessDepartment, RuleViolation } from '@gov/domain';
import { CaseFiguresQuery, CatalogQueries, ComplaintQueries, SupervisionQueries } from '@gov/projections';
import { ENGINE_CONFIG, EngineConfig } from '../config/engine.config';
import { validationFailed } from '../http/validation';
import { Clock } from '../infrastructure/clock';
import { FreshReadModels } from '../infrastructure/fresh-read-models';
import { SupervisionNoticePolicy } from './supervision-notice.policy';

/** The annual key-target assessment: every department's score out of 8, each deduction explained. */
@ApiTags('assessment')
@Controller('api/assessment')
export class AssessmentHttpController {
  constructor(
    @Inject(ENGINE_CONFIG) private readonly config: EngineConfig,
    private readonly readModels: FreshReadModels,
    private readonly opener: SupervisionNoticePolicy,
    private readonly figures: CaseFiguresQuery,
    private readonly supervision: SupervisionQueries,
    private readonly complaints: ComplaintQueries,
    private readonly catalog: CatalogQueries,
    private readonly clock: Clock,
  ) {}

  @Get(':year')
  @ApiOperation({ summary: 'Every department\'s assessment for a year (README: "Annual assessment")' })
  async year(@Param('year', ParseIntPipe) year: number) {
    const { departments, center } = await this.assess(year);
    return { year, rules: this.config.assessmentRules, center, departments };
  }

  @Get(':year/departments/:id')
  @ApiOperation({ summary: 'One department\'s assessment for a year' })
  async department(@Param('year', ParseIntPipe) year: number, @Param('id') id: string) {
    const found = (await this.assess(year)).departments.find((d) => d.departmentId === id);
    if (!found) throw new RuleViolation('ORG.UNKNOWN_DEPARTMENT', 'DepartmentMustExist', `department ${id} is not registered`, 'not-found');
    return { year, rules: this.config.assessmentRules, ...found };
  }

  private async assess(year: number) {
    if (year < 2000 || year > 2100) throw validationFailed([{ field: 'year', reason: 'must be between 2000 and 2100' }]);
    await this.opener.caughtUp();
    await this.readModels.waitForFresh();
    const period = { from: `${year}-01-01`, to: `${year}-12-31` };
    const now = this.clock.now().toISOString();
    // One snapshot: the case figures, the notices and the complaints as of one moment of the read models.
    const { byDepartment, center, notices, rectifications, complaints, departments } = await this.figures.snapshot(async (snapshot) => ({
      byDepartment: await snapshot.figuresByDepartment(period, now),
      center: await snapshot.figures(period, { kind: 'center' }, now),
      notices: await this.supervision.noticeCounts(period, snapshot.tx, now),
      rectifications: await this.complaints.unansweredRectifications(period, now, snapshot.tx),
      complaints: await this.complaints.figuresByDepartment(period, now, snapshot.tx),
      departments: await this.catalog.departmentNames(snapshot.tx),
    }));
    const assessed = departments.map(({ id, name }) => {
      const f = byDepartment.get(id);
      const facts = {
        received: f?.received ?? 0, overdue: f?.overdue ?? 0, satisfactionRate: f?.satisfactionRate ?? null,
        immediateShare: f?.immediateShare ?? null, withinFiveWorkingDaysRate: f?.withinFiveWorkingDaysRate ?? null,
        noticesAnsweredLate: notices.get(id)?.answeredLate ?? 0, noticesUnanswered: notices.get(id)?.unanswered ?? 0,
        rectificationsUnanswered: rectifications.get(id) ?? 0, substantiatedComplaints: complaints.get(id)?.substantiated ?? 0,
      };
      return { departmentId: id, name, facts, ...assessDepartment(facts, this.config.assessmentRules) };
    });
    return { departments: assessed, center: assessCenter(center, this.config.assessmentRules) };
  }
}
