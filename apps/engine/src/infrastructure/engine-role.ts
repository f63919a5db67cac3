/**
 * What one engine process does. `all` is the all-in-one engine (npm start): everything in one
 * process, exactly as before roles existed. The distributed deployment runs each part apart,
 * on one store:
 * - `api`       (npm run start:api, any number of replicas): HTTP commands and queries, the
 *               reference data it decides with; no projector, no watcher, no openers, no relay.
 * - `projector` (npm run start:projector): catches the read models up from their checkpoint;
 *               active under the `projector` lease, standing by otherwise.
 * - `watcher`   (npm run start:watcher): the log's automatic actors — the deadline watcher and
 *               the openers (notices, complaint files, rectifications, staff returns); active
 *               under the `watcher` lease, standing by otherwise.
 * The relay and the two Kafka consumers are apps of their own (apps/relay, apps/efficiency-office,
 * apps/discipline).
 */
export type EngineRole = 'all' | 'api' | 'projector' | 'watcher';

export const ENGINE_ROLE = Symbol('ENGINE_ROLE');

/** Whether this process answers /api (the other roles serve /health, /ready and /metrics only). */
export function servesApi(role: EngineRole): boolean {
  return role === 'all' || role === 'api';
}

/** Whether the read models are written by this process's own projector (else: by the projector process). */
export function projectsInProcess(role: EngineRole): boolean {
  return role === 'all' || role === 'projector';
}

/** Whether the engine's relay module may publish from here: only the all-in-one engine; the distributed deployment runs apps/relay. */
export function runsRelayModule(role: EngineRole): boolean {
  return role === 'all';
}
