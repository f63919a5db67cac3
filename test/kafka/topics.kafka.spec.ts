import { Kafka, logLevel } from 'kafkajs';
import { deadLetterTopicFor, topicFor } from '@gov/messaging';
import { ensureTopics } from '../../libs/messaging/src/kafka/topics';
import { describeWithKafka } from './kafka-test-env';

/**
 * The relays and the consumers start at once and each makes sure of its topics: four processes
 * creating the same new topics together must all go on, each once every topic has its leaders
 * (CI saw a consumer exit on "does not host this topic-partition" when it lost that race).
 */
describeWithKafka('topics made sure of by several processes at once', (env) => {
  it('are created once and each caller returns with every topic led', async () => {
    const settings = env().freshSettings('topics-race');
    const topics = ['cases', 'queue', 'complaints'].flatMap((channel) => [topicFor(channel as 'cases', settings), deadLetterTopicFor(topicFor(channel as 'cases', settings))]);
    const admins = Array.from({ length: 4 }, (_, n) => new Kafka({ clientId: `topics-race-${n}`, brokers: [...settings.brokers], logLevel: logLevel.NOTHING }).admin());
    try {
      await Promise.all(admins.map((admin) => admin.connect()));
      // Each caller, as soon as it is told its topics are there, finds every one led (as its consumer's subscribe will).
      const seen = await Promise.all(admins.map(async (admin, n) => {
        await ensureTopics(admin, n % 2 === 0 ? topics : [...topics].reverse(), settings);
        const { topics: described } = await admin.fetchTopicMetadata({ topics });
        return described.map((topic) => [topic.name, topic.partitions.length > 0 && topic.partitions.every((partition) => partition.leader >= 0)] as const).sort();
      }));
      for (const described of seen) expect(described).toEqual([...topics].sort().map((name) => [name, true]));
    } finally {
      await Promise.all(admins.map((admin) => admin.disconnect()));
    }
  });
});
