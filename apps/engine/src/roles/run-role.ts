import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/engine.config';
import { createApp } from '../create-app';
import { stopGracefully } from '../http/graceful-stop';
import { EngineRole } from '../infrastructure/engine-role';

/** The port each role listens on when PORT is not set, so the parts can run side by side on one machine. */
const DEFAULT_PORTS: Record<Exclude<EngineRole, 'all'>, number> = { api: 3000, projector: 3104, watcher: 3105 };

/**
 * The main of a distributed role (apps/api, apps/projector, apps/watcher): the engine's module
 * with that role's part only, on the same configuration as the all-in-one engine (README:
 * Configuration), plus LEASE_TTL_MS for the leased roles. SIGTERM stops it gracefully: a
 * leased role finishes the batch in hand and releases its lease, so a standby takes over at once.
 */
export function runRole(role: Exclude<EngineRole, 'all'>): void {
  const main = async () => {
    const config = loadConfig({ PORT: String(DEFAULT_PORTS[role]), ...process.env });
    const app = await createApp({ logLevel: config.logLevel, config, role, ownSignals: true });
    stopGracefully(app, { drainMs: config.stopDrainMs }, new Logger(`stop:${role}`));
    await app.listen({ port: config.port, host: config.host });
    new Logger(role).log(`${role} ready on port ${config.port} — data in ${config.dataDir}, event store ${config.eventStore?.kind ?? 'sqlite'}`);
  };
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
