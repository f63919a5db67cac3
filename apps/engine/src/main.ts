import { Logger } from '@nestjs/common';
import { loadConfig, localUrl } from './config/engine.config';
import { createApp } from './create-app';
import { stopGracefully } from './http/graceful-stop';
import { clusterPart } from './infrastructure/cluster-part';
import { runClusterPrimary, runClusterWorker } from './roles/engine-cluster';

async function main(): Promise<void> {
  const part = clusterPart();
  if (part) return runClusterWorker(part);
  const config = loadConfig();
  if (config.apiProcesses > 1) return runClusterPrimary(config);
  const app = await createApp({ logLevel: config.logLevel, ownSignals: true });
  stopGracefully(app, { drainMs: config.stopDrainMs }, new Logger('stop'));
  await app.listen({ port: config.port, host: config.host });
  const url = localUrl(config);
  new Logger('engine').log(`engine ready at ${url} — API docs at ${url}/docs — data in ${config.dataDir}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
