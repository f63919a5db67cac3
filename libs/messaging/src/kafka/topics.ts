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

const ATTEMPTS = 8;

/**
 * Creates the topics that are missing (an existing one is left as it is) and returns once each
 * has its leaders. Several processes start at once (the two consumers, the relay): another may
 * create a topic between this one's look and its creation (the broker answers "already exists"),
 * or a topic it just created may have no leader yet ("does not host this topic-partition"): both
 * are looked at again, a few times, before anything is given up.
 */
export async function ensureTopics(admin: Admin, topics: readonly string[], settings: Pick<KafkaSettings, 'topicPartitions' | 'replicationFactor'>): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const existing = new Set(await admin.listTopics());
      const missing = topics.filter((topic) => !existing.has(topic));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: settings.topicPartitions, replicationFactor: settings.replicationFactor })),
        });
      }
      await admin.fetchTopicMetadata({ topics: [...topics] });
      return;
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** Math.min(attempt, 5)));
    }
  }
}
