import type { Kafka, Producer } from 'kafkajs';
import type { AnchoredSeal, SealAnchor } from '@gov/event-store';
import type { KafkaSettings } from './kafka-settings';
import { ensureTopics } from './topics';

/** The topic seals are published to, beside the event topics. */
export function sealTopicOf(settings: Pick<KafkaSettings, 'topicPrefix'>): string {
  return `${settings.topicPrefix}audit-seals`;
}

/**
 * Seals published to the `audit-seals` topic, acknowledged by every in-sync replica: a broker
 * the engine's host does not administer keeps them. Read back from the beginning for
 * `audit:verify`.
 */
export class KafkaSealAnchor implements SealAnchor {
  readonly name: string;
  private producer: Producer | null = null;

  constructor(private readonly kafka: Kafka, private readonly settings: KafkaSettings) {
    this.name = `Kafka topic ${sealTopicOf(settings)}`;
  }

  async publish(seal: AnchoredSeal): Promise<void> {
    if (!this.producer) {
      const admin = this.kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, [sealTopicOf(this.settings)], this.settings);
      } finally {
        await admin.disconnect();
      }
      this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await this.producer.connect();
    }
    await this.producer.send({ topic: sealTopicOf(this.settings), acks: -1, messages: [{ key: seal.eventStore, value: JSON.stringify(seal) }] });
  }

  /** Every seal on the topic, read up to the offsets the topic had when asked. */
  async published(): Promise<readonly AnchoredSeal[]> {
    const topic = sealTopicOf(this.settings);
    const admin = this.kafka.admin();
    await admin.connect();
    let ends: Map<number, bigint>;
    try {
      if (!(await admin.listTopics()).includes(topic)) return [];
      ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
    } finally {
      await admin.disconnect();
    }
    const pending = new Set([...ends].filter(([, high]) => high > 0n).map(([partition]) => partition));
    if (pending.size === 0) return [];
    const seals: AnchoredSeal[] = [];
    const consumer = this.kafka.consumer({ groupId: `${topic}-reader-${process.pid}-${Date.now()}` });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${topic}: not read to its end within 30 s`)), 30_000);
        const done = () => { clearTimeout(timer); resolve(); };
        consumer.run({
          eachMessage: async ({ partition, message }) => {
            if (message.value) seals.push(JSON.parse(message.value.toString()) as AnchoredSeal);
            if (BigInt(message.offset) + 1n >= (ends.get(partition) ?? 0n)) pending.delete(partition);
            if (pending.size === 0) done();
          },
        }).catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return seals.sort((a, b) => a.seq - b.seq);
  }

  async close(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = null;
  }
}
