import type { Admin } from 'kafkajs';
import type { Channel } from '../integration-event';
import type { KafkaSettings } from './kafka-settings';

export function topicFor(channel: Channel, settings: Pick<KafkaSettings, 'topicPrefix'>): string {
  return `${settings.topicPrefix}${channel}`;
}

/** Where a consumer puts what it cannot handle: beside the topic it came from. */
export function deadLetterTopicFor(topic: string): string {
  return `${topic}.dlq`;
}

/** Creates the topics that are missing (an existing one is left as it is). */
export async function ensureTopics(admin: Admin, topics: readonly string[], settings: Pick<KafkaSettings, 'topicPartitions' | 'replicationFactor'>): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length === 0) return;
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((topic) => ({ topic, numPartitions: settings.topicPartitions, replicationFactor: settings.replicationFactor })),
  });
}
