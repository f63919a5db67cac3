import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LoopLag } from './loop-lag';

/** The operating endpoints: never refused for load (a probe must see a busy engine as alive and ready). */
const OPERATING = new Set(['/health', '/ready', '/metrics']);

export interface AdmissionSettings {
  /** MAX_IN_FLIGHT: requests this process works on at once; the next are refused 503 at once, before anything reads them. */
  readonly maxInFlight: number;
  /** LOOP_LAG_TARGET_MS: past this lateness of the event loop, held for 100 ms, new requests are refused 503 too (0: never; http/loop-lag.ts). */
  readonly loopLagTargetMs?: number;
}

/**
 * Admission control at the HTTP edge (issue 26, item 2; decision 0068). Above capacity an
 * engine that takes every request queues without bound: each waits behind all the others, the
 * clients time out, and the engine goes on working for clients that are gone. Here a process
 * works on at most `maxInFlight` requests; the next is answered 503 ENGINE.BUSY with
 * Retry-After in the first hook, before its body is read, parsed, validated or authorized, so
 * a refusal costs next to nothing. A request whose client has gone by the time its handler
 * would start (its connection closed while it waited for its body or a turn of the event loop)
 * is dropped there. With LOOP_LAG_TARGET_MS set, requests are refused as well while the event
 * loop stays late (LoopLag: off by default, decision 0092).
 * While the process stops (`drain`), every new request is refused 503
 * ENGINE.STOPPING with `Connection: close`, and each answer closes its connection.
 */
export class Admission {
  private inFlightValue = 0;
  private drainingValue = false;
  private readonly idle: (() => void)[] = [];
  private readonly sockets = new Set<{ destroyed: boolean }>();
  private readonly loopLag: LoopLag;
  readonly counts = { admitted: 0, refusedBusy: 0, refusedLagging: 0, refusedStopping: 0, droppedGone: 0 };

  constructor(
    readonly settings: AdmissionSettings,
    /** Told of each refusal (busy, lagging, stopping) and each request dropped because its client had gone (gone): for /metrics. */
    private readonly observe: (outcome: 'busy' | 'lagging' | 'stopping' | 'gone') => void = () => undefined,
    loopLag?: LoopLag,
  ) {
    this.loopLag = loopLag ?? new LoopLag(settings.loopLagTargetMs ?? 0);
  }

  get inFlight(): number {
    return this.inFlightValue;
  }

  /** The connections open now, busy or idle. */
  get connections(): number {
    return this.sockets.size;
  }

  get draining(): boolean {
    return this.drainingValue;
  }

  /** From now on, refuse new requests and close each connection after its answer. */
  drain(): void {
    this.drainingValue = true;
  }

  /** Resolves once no request is in flight (at once if none is). */
  whenIdle(): Promise<void> {
    if (this.inFlightValue === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  install(fastify: FastifyInstance): void {
    admissions.set(fastify, this);
    this.loopLag.start();
    fastify.addHook('onClose', async () => this.loopLag.stop());
    fastify.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    fastify.addHook('onRequest', async (request, reply) => {
      if (this.drainingValue) {
        this.counts.refusedStopping += 1;
        this.observe('stopping');
        return refuse(reply.header('connection', 'close'), 'ENGINE.STOPPING', 'the engine is stopping; retry on another instance or after it restarts', 5);
      }
      if (OPERATING.has(request.url.split('?')[0])) return;
      if (this.inFlightValue >= this.settings.maxInFlight) {
        this.counts.refusedBusy += 1;
        this.observe('busy');
        return refuse(reply, 'ENGINE.BUSY', `the engine is at its limit of ${this.settings.maxInFlight} requests in flight; retry after a second`, 1);
      }
      if (this.loopLag.behind()) {
        this.counts.refusedLagging += 1;
        this.observe('lagging');
        return refuse(reply, 'ENGINE.BUSY', `the engine has been more than ${this.loopLag.targetMs} ms behind its work for a while; retry after a second`, 1);
      }
      this.enter(reply);
    });
    fastify.addHook('preHandler', async (request, reply) => {
      if (!gone(request)) return;
      // Nobody would read the answer: the command is not run (nothing was decided or stored for it).
      this.counts.droppedGone += 1;
      this.observe('gone');
      return reply.code(499).send({ statusCode: 499, code: 'HTTP.CLIENT_GONE', message: 'the client closed the connection before the request was handled' });
    });
    fastify.addHook('onSend', async (_request, reply, payload) => {
      if (this.drainingValue) reply.header('connection', 'close');
      return payload;
    });
  }

  private enter(reply: FastifyReply): void {
    this.inFlightValue += 1;
    this.counts.admitted += 1;
    // 'close' comes once the answer is sent or the connection is gone, whichever is first.
    reply.raw.once('close', () => {
      this.inFlightValue -= 1;
      if (this.inFlightValue === 0) for (const resolve of this.idle.splice(0)) resolve();
    });
  }
}

const admissions = new WeakMap<FastifyInstance, Admission>();

/** The admission control `createApp` installed on this server. */
export function admissionOf(fastify: FastifyInstance): Admission | undefined {
  return admissions.get(fastify);
}

function refuse(reply: FastifyReply, code: string, message: string, retryAfterSeconds: number): FastifyReply {
  return reply.code(503).header('retry-after', String(retryAfterSeconds)).send({ statusCode: 503, code, message });
}

function gone(request: FastifyRequest): boolean {
  return (request.raw.socket as { destroyed?: boolean } | null)?.destroyed === true;
}
