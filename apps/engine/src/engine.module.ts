import { DynamicModule, Module, Provider } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplicantSessionsHttpController } from './applicant/applicant-sessions.http.controller';
import { AUTH_PROVIDERS } from './auth/auth.providers';
import { PersonalDataHttpController } from './personal-data/personal-data.http.controller';
import { PERSONAL_DATA_PROVIDERS } from './personal-data/personal-data.providers';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { CalendarHttpController } from './calendar/calendar.http.controller';
import { CaseActionHandler } from './cases/actions/case-action.handler';
import { CaseActionsHttpController } from './cases/actions/case-actions.http.controller';
import { CatalogCommands } from './catalog/catalog-commands';
import { CatalogHttpController } from './catalog/catalog.http.controller';
import { ImportCasesHttpController } from './cases/import/import-cases.http.controller';
import { ImportCasesService } from './cases/import/import-cases.service';
import { OrganizationHttpController } from './organization/organization.http.controller';
import { ReceiveCaseHandler } from './cases/receive/receive-case.handler';
import { ReceiveCaseHttpController } from './cases/receive/receive-case.http.controller';
import { ComplaintCommands } from './complaints/complaint-commands';
import { AutomaticComplaintsPolicy } from './complaints/automatic-complaints.policy';
import { ComplaintsHttpController } from './complaints/complaints.http.controller';
import { RectificationPolicy } from './complaints/rectification.policy';
import { StaffLookup } from './staff/staff-lookup';
import { StaffReturnPolicy } from './staff/staff-return.policy';
import { StaffHttpController } from './staff/staff.http.controller';
import { ErrorFilter } from './http/error.filter';
import { HallHttpController } from './hall/hall.http.controller';
import { EngineConfig } from './config/engine.config';
import { Clock } from './infrastructure/clock';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { MessagingModule } from './messaging/messaging.module';
import { ObservabilityModule } from './observability/observability.module';
import { CasesHttpController } from './cases/case-queries.http.controller';
import { FreshReadModels } from './infrastructure/fresh-read-models';
import { StatsHttpController } from './reports/reports.http.controller';
import { AssessmentHttpController } from './supervision/assessment.http.controller';
import { DeadlineWatcher } from './supervision/deadline-watcher';
import { SupervisionNoticePolicy } from './supervision/supervision-notice.policy';
import { SupervisionFeedHttpController } from './supervision/supervision-feed.http.controller';
import { SupervisionHttpController } from './supervision/supervision.http.controller';
import { EngineRole } from './infrastructure/engine-role';
import { leasedProjector, leasedWorkers, runningElsewhere } from './roles/role-wiring';

/** The HTTP API: commands and queries (roles `all` and `api`). */
const API_CONTROLLERS = [
  ReceiveCaseHttpController, CaseActionsHttpController, CasesHttpController, CatalogHttpController,
  OrganizationHttpController, CalendarHttpController, StatsHttpController, ImportCasesHttpController, SupervisionHttpController,
  SupervisionFeedHttpController, AssessmentHttpController, ComplaintsHttpController, StaffHttpController, HallHttpController,
  PersonalDataHttpController, ApplicantSessionsHttpController,
];

/** What the HTTP API decides and answers with. */
const API_PROVIDERS: Provider[] = [
  { provide: APP_FILTER, useClass: ErrorFilter },
  ...AUTH_PROVIDERS,
  ...PERSONAL_DATA_PROVIDERS,
  ReceiveCaseHandler, CaseActionHandler, CatalogCommands, ImportCasesService, FreshReadModels, BootstrapService,
  StaffLookup, ComplaintCommands,
];

/** The openers: log readers that turn triggers into notices, complaint files, rectifications and staff returns. */
const OPENERS = [SupervisionNoticePolicy, StaffReturnPolicy, AutomaticComplaintsPolicy, RectificationPolicy];

/** What a role runs (infrastructure/engine-role.ts): the all-in-one engine everything, the distributed roles their part. */
function partsOf(role: EngineRole): Pick<DynamicModule, 'controllers' | 'providers'> {
  switch (role) {
    case 'all':
      return { controllers: API_CONTROLLERS, providers: [...API_PROVIDERS, DeadlineWatcher, ...OPENERS] };
    case 'api':
      return { controllers: API_CONTROLLERS, providers: [...API_PROVIDERS, ...runningElsewhere(OPENERS)] };
    case 'projector':
      return { controllers: [], providers: [leasedProjector()] };
    case 'watcher':
      return { controllers: [], providers: [...PERSONAL_DATA_PROVIDERS, StaffLookup, ComplaintCommands, leasedWorkers([DeadlineWatcher, ...OPENERS])] };
  }
}

/** The engine: by default the all-in-one process (HTTP API, command handlers, projector, watcher, openers) on the embedded store. */
@Module({
  imports: [CqrsModule.forRoot(), MessagingModule, ObservabilityModule],
})
export class EngineModule {
  static register(options: { config?: EngineConfig; clock?: Clock; role?: EngineRole } = {}): DynamicModule {
    return { module: EngineModule, imports: [InfrastructureModule.register(options)], ...partsOf(options.role ?? 'all') };
  }
}
