import type { IntegrationEvent } from '../integration-event';
import { UnprocessableEventError } from '../messaging.errors';
import { InProcessMessageBus } from './in-process-bus';

const event = (id: string, channel: IntegrationEvent['channel'] = 'cases'): IntegrationEvent => ({
  id, type: 't.v1', source: 's', subject: 'c', time: '2026-04-07T01:00:00.000Z', channel, key: 'case-c', data: {},
});
const fastRetry = { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 2 };

describe('in-process bus', () => {
  it('gives every group each event of its channels, in order, before publish resolves', async () => {
    const bus = new InProcessMessageBus();
    const seen: Record<string, string[]> = { a: [], b: [] };
    await bus.subscribe({ group: 'a', channels: ['cases'] }, (e) => void seen.a.push(e.id));
    await bus.subscribe({ group: 'b', channels: ['cases', 'complaints'] }, (e) => void seen.b.push(e.id));
    await bus.publish([event('1'), event('2', 'complaints'), event('3')]);
    expect(seen).toEqual({ a: ['1', '3'], b: ['1', '2', '3'] });
  });

  it('retries a failing handler, then dead-letters the event and moves on', async () => {
    const bus = new InProcessMessageBus({ retry: fastRetry });
    let calls = 0;
    const handled: string[] = [];
    const subscription = await bus.subscribe({ group: 'g', channels: ['cases'] }, (e) => {
      if (e.id === 'flaky' && ++calls < 3) throw new Error('busy');
      if (e.id === 'broken') throw new Error('always');
      handled.push(e.id);
    });
    await bus.publish([event('flaky'), event('broken'), event('next')]);
    expect(handled).toEqual(['flaky', 'next']);
    expect(bus.deadLetters()).toMatchObject([{ group: 'g', event: { id: 'broken' }, attempts: 3, reason: 'Error: always' }]);
    expect(subscription.stats()).toEqual({ handled: 2, retried: 4, deadLettered: 1 });
  });

  it('dead-letters an unprocessable event without retrying it', async () => {
    const bus = new InProcessMessageBus({ retry: fastRetry });
    await bus.subscribe({ group: 'g', channels: ['cases'] }, () => {
      throw new UnprocessableEventError('bad payload');
    });
    await bus.publish([event('x')]);
    expect(bus.deadLetters()).toMatchObject([{ event: { id: 'x' }, attempts: 1 }]);
  });

  it('delivers nothing to a group that stopped', async () => {
    const bus = new InProcessMessageBus();
    const seen: string[] = [];
    const subscription = await bus.subscribe({ group: 'g', channels: ['cases'] }, (e) => void seen.push(e.id));
    await subscription.stop();
    await bus.publish([event('1')]);
    expect(seen).toEqual([]);
    expect(bus.hasSubscribers()).toBe(false);
  });
});
