import type { DynamicModule, Provider, Type } from '@nestjs/common';
import { EngineRole, servesApi } from './engine-role';

/** What a feature (a folder of apps/engine/src with its own Nest module) brings to the engine. */
export interface Feature {
  readonly module: Type<unknown>;
  /** Its routes: served where the API is (the api and all-in-one roles). */
  readonly controllers?: readonly Type<unknown>[];
  /** Its command handlers and look-ups: wherever its commands may be sent (every role but the projector). */
  readonly providers?: readonly Provider[];
  /** What only the API needs (the guard, the first start's seeding). */
  readonly apiProviders?: readonly Provider[];
  /**
   * Its process managers (policies), which read the log from their own checkpoints and send
   * commands: the all-in-one engine runs them, the watcher role runs them under its lease
   * (roles/role-wiring.ts), and the api role gets a stand-in (`runningElsewhere`).
   */
  readonly policies?: readonly Type<unknown>[];
}

/**
 * The feature's Nest module for a role. Global, so a feature's handlers may use another's
 * look-ups (the architecture test keeps the imports between features to their index files).
 */
export function featureModule(feature: Feature, role: EngineRole): DynamicModule {
  if (role === 'projector') return { module: feature.module };
  const api = servesApi(role);
  const policies = feature.policies ?? [];
  const providers = [
    ...(feature.providers ?? []),
    ...(api ? feature.apiProviders ?? [] : []),
    ...(role === 'all' ? policies : role === 'api' ? runningElsewhere(policies) : []),
  ];
  return { module: feature.module, global: true, controllers: api ? [...(feature.controllers ?? [])] : [], providers, exports: providers.flatMap(exported) };
}

/**
 * For the `api` role: the controllers ask the policies to catch up before answering, but the
 * policies run in the watcher process. Their effects (a notice for a red card, a file for a
 * complaint trigger) are eventually consistent there: the API answers without waiting.
 */
export function runningElsewhere(policies: readonly Type<unknown>[]): Provider[] {
  const elsewhere = { caughtUp: async (): Promise<void> => undefined };
  return policies.map((policy) => ({ provide: policy, useValue: elsewhere }));
}

/** A provider's token, unless it is one of Nest's global enhancers (APP_GUARD and the like), which are never exported. */
function exported(provider: Provider): (string | symbol | Type<unknown>)[] {
  if (typeof provider === 'function') return [provider];
  const token = provider.provide as string | symbol | Type<unknown>;
  return typeof token === 'string' && token.startsWith('APP_') ? [] : [token];
}
