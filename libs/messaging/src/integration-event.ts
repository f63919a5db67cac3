/**
 * An integration event: one fact published for other systems, in the shape of the public
 * contract (`contracts/`), never an internal event dumped raw. Its fields are CloudEvents
 * 1.0 attributes; the Kafka adapter carries them in `ce_*` headers (binary binding).
 */
export interface IntegrationEvent<TData = unknown> {
  /** CloudEvents `id`: the stored event's id, so consumers can drop duplicates by it. */
  readonly id: string;
  /** CloudEvents `type`, versioned: `cn.gov.servicecenter.case.received.v1`. */
  readonly type: string;
  /** CloudEvents `source`: the system that recorded the fact. */
  readonly source: string;
  /** CloudEvents `subject`: what the fact is about (a case number). */
  readonly subject: string;
  /** CloudEvents `time`: when the fact happened, ISO-8601. */
  readonly time: string;
  /** Where it travels (a Kafka topic per channel). */
  readonly channel: Channel;
  /** Events with the same key are delivered in order (the Kafka message key): the stream id. */
  readonly key: string;
  readonly data: TData;
}

/** One channel per category of stream: cases; complaints and rectifications; queue tickets (`supervision` is reserved). */
export const CHANNELS = ['cases', 'complaints', 'supervision', 'queue'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CLOUDEVENTS_SPEC_VERSION = '1.0';
export const INTEGRATION_EVENT_CONTENT_TYPE = 'application/json';
