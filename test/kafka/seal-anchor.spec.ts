import { Kafka, logLevel } from 'kafkajs';
import { KafkaSealAnchor, sealTopicOf } from '@gov/messaging';
import { describeWithKafka } from './kafka-test-env';

/** The audit-seals topic on the real broker: what the engine publishes is read back whole for audit:verify. */
describeWithKafka('seals published to Kafka', (env) => {
  it('publishes each seal, acknowledged by the broker, and reads them all back in order', async () => {
    const settings = env().freshSettings('seal-anchor');
    const kafka = new Kafka({ clientId: 'seal-anchor-test', brokers: [...settings.brokers], logLevel: logLevel.NOTHING });
    const anchor = new KafkaSealAnchor(kafka, settings);
    try {
      expect(await anchor.published()).toEqual([]);
      const seal = (seq: number, position: number) => ({
        format: 'gov-seal-anchor/1' as const, seq, position, reason: 'count' as const, sealedAt: `2026-04-07T0${seq}:00:00.000Z`,
        hash: `hash-${seq}`, eventStore: '/srv/gov/data/events.sqlite', publishedAt: `2026-04-07T0${seq}:00:01.000Z`,
      });
      await anchor.publish(seal(1, 1000));
      await anchor.publish(seal(2, 2000));
      expect(sealTopicOf(settings)).toBe(`${settings.topicPrefix}audit-seals`);
      expect(await anchor.published()).toEqual([seal(1, 1000), seal(2, 2000)]);
    } finally {
      await anchor.close();
    }
  });
});
