import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { Channel, CLOUDEVENTS_SPEC_VERSION, INTEGRATION_EVENT_CONTENT_TYPE, IntegrationEvent } from '../integration-event';
import { UnprocessableEventError } from '../messaging.errors';

/**
 * CloudEvents 1.0, Kafka protocol binding, binary content mode: the attributes travel as
 * `ce_*` headers, the data as the message value, its media type in `content-type`; the key
 * is the stream id, so one case's events land on one partition, in order.
 */
export function toKafkaMessage(event: IntegrationEvent): Message {
  return {
    key: event.key,
    value: JSON.stringify(event.data),
    headers: {
      ce_specversion: CLOUDEVENTS_SPEC_VERSION,
      ce_id: event.id,
      ce_type: event.type,
      ce_source: event.source,
      ce_subject: event.subject,
      ce_time: event.time,
      'content-type': INTEGRATION_EVENT_CONTENT_TYPE,
    },
  };
}

/** Reads a message back; throws `UnprocessableEventError` when it is not one of ours. */
export function fromKafkaMessage(message: Pick<KafkaMessage, 'key' | 'value' | 'headers'>, channel: Channel): IntegrationEvent {
  const header = (name: string): string => {
    const value = headerText(message.headers, name);
    if (!value) throw new UnprocessableEventError(`missing header ${name}`);
    return value;
  };
  const specVersion = header('ce_specversion');
  if (specVersion !== CLOUDEVENTS_SPEC_VERSION) throw new UnprocessableEventError(`unsupported ce_specversion ${specVersion}`);
  const contentType = header('content-type');
  if (!contentType.startsWith(INTEGRATION_EVENT_CONTENT_TYPE)) throw new UnprocessableEventError(`unsupported content-type ${contentType}`);
  if (!message.value) throw new UnprocessableEventError('empty value');
  let data: unknown;
  try {
    data = JSON.parse(message.value.toString('utf8'));
  } catch (error) {
    throw new UnprocessableEventError(`value is not JSON: ${(error as Error).message}`);
  }
  return {
    id: header('ce_id'), type: header('ce_type'), source: header('ce_source'), subject: header('ce_subject'), time: header('ce_time'),
    channel, key: message.key?.toString('utf8') ?? '', data,
  };
}

export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
