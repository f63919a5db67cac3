/** How to reach Kafka and name the topics; read from the environment by every process. */
export interface KafkaSettings {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Prepended to every topic name (`<prefix>cases`): separates environments sharing a cluster, and test runs. */
  readonly topicPrefix: string;
  /** Partitions of the topics this process creates when missing (-1: the broker's default). */
  readonly topicPartitions: number;
  /** Replication factor of the topics this process creates (-1: the broker's default). */
  readonly replicationFactor: number;
}

export function parseBrokers(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((broker) => broker.trim()).filter((broker) => broker.length > 0);
}

export function loadKafkaSettings(env: NodeJS.ProcessEnv, clientId: string): KafkaSettings {
  const brokers = parseBrokers(env.KAFKA_BROKERS);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS must list at least one host:port');
  return {
    brokers,
    clientId: env.KAFKA_CLIENT_ID ?? clientId,
    topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '',
    topicPartitions: integer(env, 'KAFKA_TOPIC_PARTITIONS', -1),
    replicationFactor: integer(env, 'KAFKA_REPLICATION_FACTOR', -1),
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || (value < 1 && value !== -1)) throw new Error(`${name} must be a positive whole number or -1, not ${raw}`);
  return value;
}
