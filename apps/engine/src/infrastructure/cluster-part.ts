import cluster from 'node:cluster';

/** Set by the clustered engine's primary in each worker's environment (roles/engine-cluster.ts sets it). */
export const CLUSTER_PART_VARIABLE = 'ENGINE_CLUSTER_PART';

/**
 * The part this process runs when it is a worker of the clustered engine; undefined otherwise,
 * also in a cluster some other manager (pm2) made: that one runs the all-in-one engine.
 */
export function clusterPart(): 'api' | 'projector' | 'watcher' | undefined {
  const part = process.env[CLUSTER_PART_VARIABLE];
  if (!cluster.isWorker || part === undefined) return undefined;
  if (part === 'api' || part === 'projector' || part === 'watcher') return part;
  throw new Error(`unknown ${CLUSTER_PART_VARIABLE} ${part}`);
}
