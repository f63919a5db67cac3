import type { Admin } from 'kafkajs';

/**
 * Messages on the topics that the group has not committed yet: the log-end offset of each
 * partition minus the group's committed offset (or the log start when it has none).
 */
export async function consumerLag(admin: Admin, groupId: string, topics: readonly string[]): Promise<number> {
  const committed = await admin.fetchOffsets({ groupId, topics: [...topics] });
  let lag = 0;
  for (const topic of topics) {
    const partitions = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
    for (const end of await admin.fetchTopicOffsets(topic)) {
      const offset = Number(partitions.find((entry) => entry.partition === end.partition)?.offset ?? -1);
      lag += Math.max(0, Number(end.high) - (offset >= 0 ? offset : Number(end.low)));
    }
  }
  return lag;
}
