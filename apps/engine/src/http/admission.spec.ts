import * as http from 'node:http';
import Fastify, { FastifyInstance } from 'fastify';
import { Admission } from './admission';

/**
 * A request whose client has gone before its handler starts is not worked on (issue 26, item 2):
 * here the request waits in a hook until its client closes the connection, as one queued
 * behind other work would, and the handler must never run.
 */
describe('Admission: a request whose client has gone is dropped before its handler', () => {
  let fastify: FastifyInstance;
  let handled = 0;
  const outcomes: string[] = [];
  const admission = new Admission({ maxInFlight: 8 }, (outcome) => outcomes.push(outcome));

  beforeAll(async () => {
    fastify = Fastify();
    admission.install(fastify);
    fastify.addHook('preValidation', async (request) => {
      // Wait here, as behind a backlog, until the client's connection is gone.
      if (request.headers['x-wait-for-close'] && !request.raw.socket.destroyed) await new Promise((resolve) => request.raw.socket.once('close', resolve));
    });
    fastify.post('/work', async () => {
      handled += 1;
      return { done: true };
    });
    await fastify.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => fastify.close());

  const post = (headers: Record<string, string>) => {
    const { port } = fastify.server.address() as { port: number };
    return http.request({ host: '127.0.0.1', port, method: 'POST', path: '/work', headers: { 'content-type': 'application/json', ...headers } });
  };

  it('answers the request of a client that stays', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = post({}).on('response', (response) => (response.resume(), resolve(response.statusCode ?? 0))).on('error', reject);
      request.end('{}');
    });
    expect([status, handled]).toEqual([200, 1]);
  });

  it('drops the request of a client that closed while it waited: the handler never runs, and /metrics is told', async () => {
    const request = post({ 'x-wait-for-close': '1' }).on('error', () => undefined);
    request.end('{}');
    await new Promise((resolve) => setTimeout(resolve, 50));
    request.destroy();
    for (let turn = 0; turn < 100 && admission.counts.droppedGone === 0; turn++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(admission.counts.droppedGone).toBe(1);
    expect(outcomes).toEqual(['gone']);
    expect(handled).toBe(1);
    expect(admission.inFlight).toBe(0);
  });
});
