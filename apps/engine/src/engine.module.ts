import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ApplicantSessionsHttpController } from './auth/applicant/applicant-sessions.http.controller';
import { AUTH_PROVIDERS } from './auth/auth.providers';
import { PersonalDataHttpController } from './personal-data/personal-data.http.controller';
import { PERSONAL_DATA_PROVIDERS } from './personal-data/personal-data.providers';
import { BootstrapService } from './bootstrap/bootstrap.service';
import { CalendarHttpController } from './commands/calendar/calendar.http.controller';
import { CaseActionHandler } from './commands/case-actions/case-action.handler';
import { CaseActionsHttpController } from './commands/case-actions/case-actions.http.controller';
import { CatalogCommands } from './commands/catalog/catalog-commands';
import { CatalogHttpController } from './commands/catalog/catalog.http.controller';
import { ImportCasesHttpController } from './commands/import-cases/import-cases.http.controller';
import { ImportCasesService } from './commands/import-cases/import-cases.service';
import { OrganizationHttpController } from './commands/organization/organization.http.controller';
import { ReceiveCaseHandler } from './commands/receive-case/receive-case.handler';
import { ReceiveCaseHttpController } from './commands/receive-case/receive-case.http.controller';
import { ComplaintCommands } from './complaints/complaint-commands';
import { ComplaintOpener } from './complaints/complaint-opener';
import { ComplaintsHttpController } from './complaints/complaints.http.controller';
import { RectificationOpener } from './complaints/rectification-opener';
import { StaffLookup } from './staff/staff-lookup';
import { StaffReturner } from './staff/staff-returner';
import { StaffHttpController } from './staff/staff.http.controller';
import { CommandTimeInterceptor } from './http/command-time.interceptor';
import { ErrorFilter } from './http/error.filter';
import { HallHttpController } from './hall/hall.http.controller';
import { EngineConfig } from './config/engine.config';
import { Clock } from './infrastructure/clock';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { MessagingModule } from './messaging/messaging.module';
import { ObservabilityModule } from './observability/observability.module';
import { CasesHttpController } from './queries/cases.http.controller';
import { FreshReadModels } from './queries/fresh-read-models';
import { StatsHttpController } from './queries/stats.http.controller';
import { AssessmentHttpController } from './supervision/assessment.http.controller';
import { DeadlineWatcher } from './supervision/deadline-watcher';
import { NoticeOpener } from './supervision/notice-opener';
import { SupervisionFeedHttpController } from './supervision/supervision-feed.http.controller';
import { SupervisionHttpController } from './supervision/supervision.http.controller';

/** The all-in-one engine: HTTP API, command handlers, projector, on the embedded store. */
@Module({
  imports: [CqrsModule.forRoot(), MessagingModule, ObservabilityModule],
  controllers: [
    ReceiveCaseHttpController, CaseActionsHttpController, CasesHttpController, CatalogHttpController,
    OrganizationHttpController, CalendarHttpController, StatsHttpController, ImportCasesHttpController, SupervisionHttpController,
    SupervisionFeedHttpController, AssessmentHttpController, ComplaintsHttpController, StaffHttpController, HallHttpController,
    PersonalDataHttpController, ApplicantSessionsHttpController,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: CommandTimeInterceptor },
    ...AUTH_PROVIDERS,
    ...PERSONAL_DATA_PROVIDERS,
    ReceiveCaseHandler, CaseActionHandler, CatalogCommands, ImportCasesService, FreshReadModels, BootstrapService, DeadlineWatcher, NoticeOpener,
    StaffLookup, StaffReturner, ComplaintCommands, ComplaintOpener, RectificationOpener,
  ],
})
export class EngineModule {
  static register(options: { config?: EngineConfig; clock?: Clock } = {}): DynamicModule {
    return { module: EngineModule, imports: [InfrastructureModule.register(options)] };
  }
}
