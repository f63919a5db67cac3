import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { APPLICANT } from './applicant';
import { AUDIT } from './audit';
import { AUTH } from './auth/auth.module';
import { BOOTSTRAP } from './bootstrap/bootstrap.module';
import { CALENDAR } from './calendar';
import { CASES } from './cases';
import { CATALOG } from './catalog';
import { COMPLAINTS } from './complaints';
import { DOCUMENTS } from './documents';
import { NOTIFICATIONS } from './notifications';
import { RATINGS } from './ratings';
import { EngineConfig } from './config/engine.config';
import { HALL } from './hall';
import { ErrorFilter } from './http/error.filter';
import { Clock } from './infrastructure/clock';
import { EngineRole } from './infrastructure/engine-role';
import { Feature, featureModule } from './infrastructure/feature';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { MessagingModule } from './messaging/messaging.module';
import { ObservabilityModule } from './observability/observability.module';
import { ORGANIZATION } from './organization';
import { PERSONAL_DATA } from './personal-data';
import { REPORTS } from './reports';
import { leasedProjector, leasedWorkers } from './roles/role-wiring';
import { STAFF } from './staff';
import { TASKS } from './tasks';
import { SUPERVISION } from './supervision';
import { QUEUE } from './queue';

/** Every feature of the engine, each a folder with its own module (infrastructure/feature.ts). */
const FEATURES: readonly Feature[] = [
  AUTH, BOOTSTRAP, CASES, CATALOG, ORGANIZATION, CALENDAR, REPORTS, COMPLAINTS, STAFF, SUPERVISION, HALL, APPLICANT, PERSONAL_DATA, AUDIT,
  TASKS, QUEUE, DOCUMENTS, NOTIFICATIONS, RATINGS,
];

/** Every route's controller, feature by feature: what the api and all-in-one roles serve under /api. */
export function apiControllers(): Type<unknown>[] {
  return FEATURES.flatMap((feature) => feature.controllers ?? []);
}

/** What a role runs besides its features' parts (infrastructure/engine-role.ts). */
function roleProviders(role: EngineRole): Provider[] {
  switch (role) {
    case 'all':
    case 'api':
      return [{ provide: APP_FILTER, useClass: ErrorFilter }];
    case 'projector':
      return [leasedProjector()];
    case 'watcher':
      return [leasedWorkers(FEATURES.flatMap((feature) => feature.policies ?? []))];
  }
}

/** The engine: by default the all-in-one process (HTTP API, command handlers, projector, policies) on the embedded store. */
@Module({
  imports: [MessagingModule, ObservabilityModule],
})
export class EngineModule {
  static register(options: { config?: EngineConfig; clock?: Clock; role?: EngineRole } = {}): DynamicModule {
    const role = options.role ?? 'all';
    return {
      module: EngineModule,
      // The command bus first: its handlers are registered in its own onApplicationBootstrap, before the features' hooks send commands.
      imports: [CqrsModule.forRoot(), InfrastructureModule.register(options), ...FEATURES.map((feature) => featureModule(feature, role))],
      providers: roleProviders(role),
    };
  }
}

