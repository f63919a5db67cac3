import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
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
import { ErrorFilter } from './http/error.filter';
import { HealthController } from './http/health.controller';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { CasesHttpController } from './queries/cases.http.controller';
import { FreshReadModels } from './queries/fresh-read-models';
import { StatsHttpController } from './queries/stats.http.controller';

/** The all-in-one engine: HTTP API, command handlers, projector, on the embedded store. */
@Module({
  imports: [CqrsModule.forRoot(), InfrastructureModule],
  controllers: [
    HealthController, ReceiveCaseHttpController, CaseActionsHttpController, CasesHttpController, CatalogHttpController,
    OrganizationHttpController, CalendarHttpController, StatsHttpController, ImportCasesHttpController,
  ],
  providers: [
    { provide: APP_FILTER, useClass: ErrorFilter },
    ReceiveCaseHandler, CaseActionHandler, CatalogCommands, ImportCasesService, FreshReadModels, BootstrapService,
  ],
})
export class EngineModule {}
