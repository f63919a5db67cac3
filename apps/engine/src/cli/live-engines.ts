import * as fs from 'node:fs';
import type { EngineConfig } from '../config/engine.config';
import { openReadModels, readModelFile } from '../infrastructure/infrastructure.module';
import { ENGINE_PRESENCE_PREFIX } from '../leases/engine-presence';
import { ReadModelLeaseStore } from '../leases/read-model-lease-store';

/**
 * The engine processes that hold this configuration's store now: their presence leases
 * (leases/engine-presence.ts) in the read-model store, unexpired by the database's clock.
 * A store whose read-model file does not exist has never had an engine.
 */
export async function liveEngines(config: EngineConfig): Promise<{ owner: string; role: string; msLeft: number }[]> {
  if ((config.readModels?.kind ?? 'sqlite') === 'sqlite' && !fs.existsSync(readModelFile(config.dataDir))) return [];
  const readModels = await openReadModels(config);
  try {
    const leases = await ReadModelLeaseStore.open(readModels);
    return (await leases.live(ENGINE_PRESENCE_PREFIX)).map((lease) => ({
      owner: lease.owner, role: lease.name.slice(ENGINE_PRESENCE_PREFIX.length).split(':')[0], msLeft: lease.msLeft,
    }));
  } finally {
    await readModels.close();
  }
}

/** Why a tool that must run alone on the store refuses, or null when no engine holds it. */
export async function refusalBesideLiveEngines(tool: string, config: EngineConfig): Promise<string | null> {
  const engines = await liveEngines(config);
  if (engines.length === 0) return null;
  const seconds = Math.ceil(Math.max(...engines.map((engine) => engine.msLeft)) / 1000);
  return [
    `refused: ${engines.length === 1 ? 'an engine is' : `${engines.length} engine processes are`} running on this store `
      + `(${engines.map((engine) => `${engine.role} ${engine.owner}`).join(', ')}).`,
    `Stop the engine first (SIGTERM; it releases its mark as it stops), then run ${tool} again.`,
    `If it was killed or crashed, its mark expires by itself within ${seconds} s (LEASE_TTL_MS).`,
  ].join('\n');
}
