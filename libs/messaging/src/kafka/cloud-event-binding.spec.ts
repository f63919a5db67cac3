import { UnprocessableEventError } from '../messaging.errors';
import type { IntegrationEvent } from '../integration-event';
import { fromKafkaMessage, toKafkaMessage } from './cloud-event-binding';

const event: IntegrationEvent = {
  id: '0b6f3a1e-4c43-4c55-9a42-2d9a7c1c3a10', type: 'cn.gov.servicecenter.case.warned.v1', source: 'urn:cn:gov:servicecenter:case-engine',
  subject: 'ZRZY-20260407-00001', time: '2026-04-13T16:00:00.000Z', channel: 'cases', key: 'case-ZRZY-20260407-00001',
  data: { caseNo: 'ZRZY-20260407-00001', card: 'yellow' },
};

/** What kafkajs hands a consumer: every header and the value as Buffers. */
function asReceived(message: ReturnType<typeof toKafkaMessage>) {
  const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, Buffer.from(String(value))]));
  return { key: Buffer.from(String(message.key)), value: Buffer.from(String(message.value)), headers };
}

describe('CloudEvents Kafka binding (binary mode)', () => {
  it('puts the attributes in ce_ headers, the data in the value, keyed by stream', () => {
    expect(toKafkaMessage(event)).toEqual({
      key: 'case-ZRZY-20260407-00001',
      value: JSON.stringify(event.data),
      headers: {
        ce_specversion: '1.0', ce_id: event.id, ce_type: event.type, ce_source: event.source, ce_subject: 'ZRZY-20260407-00001',
        ce_time: '2026-04-13T16:00:00.000Z', 'content-type': 'application/json',
      },
    });
  });

  it('reads back what it wrote', () => {
    expect(fromKafkaMessage(asReceived(toKafkaMessage(event)), 'cases')).toEqual(event);
  });

  it('refuses what is not one of our CloudEvents', () => {
    const received = asReceived(toKafkaMessage(event));
    const without = (header: string) => ({ ...received, headers: { ...received.headers, [header]: undefined } });
    expect(() => fromKafkaMessage(without('ce_id'), 'cases')).toThrow(new UnprocessableEventError('missing header ce_id'));
    expect(() => fromKafkaMessage({ ...received, headers: { ...received.headers, ce_specversion: Buffer.from('0.3') } }, 'cases')).toThrow(/ce_specversion/);
    expect(() => fromKafkaMessage({ ...received, value: Buffer.from('{not json') }, 'cases')).toThrow(/not JSON/);
    expect(() => fromKafkaMessage({ ...received, value: null }, 'cases')).toThrow(/empty value/);
  });
});
