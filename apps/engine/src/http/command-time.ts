import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../infrastructure/clock';

const COMMAND_TIME = Symbol('commandTime');

type StampedRequest = FastifyRequest & { [COMMAND_TIME]?: string };

/**
 * Stamps each request with the engine clock's time once, at the edge, before any guard or
 * handler runs: a command's `now`. A Fastify hook rather than a Nest interceptor: with no
 * interceptor Nest calls the handler directly instead of through an RxJS pipeline per request
 * (docs/decisions/0033).
 */
export function stampCommandTime(fastify: FastifyInstance, clock: Clock): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    (request as StampedRequest)[COMMAND_TIME] = clock.now().toISOString();
    done();
  });
}

export function requestTime(request: FastifyRequest): string {
  return (request as StampedRequest)[COMMAND_TIME] ?? new Date().toISOString();
}
