import type { Server } from 'node:http';
import type { INestApplication, LoggerService } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { admissionOf } from './admission';

export interface StopSettings {
  /** STOP_DRAIN_MS: how long in-flight requests get to finish after SIGTERM before their connections are cut (default 10 s). */
  readonly drainMs: number;
}

/** What a stop did, logged as one line. */
export interface StopReport {
  readonly signal: string;
  readonly inFlightAtStart: number;
  readonly connectionsAtStart: number;
  /** Requests in flight at the signal that were answered before the deadline. */
  readonly answered: number;
  /** Requests still in flight at the deadline, their connections cut. */
  readonly cut: number;
  /** Connections still open at the deadline (busy, or idle ones that had not closed yet), cut. */
  readonly connectionsCut: number;
  readonly refusedWhileStopping: number;
  readonly drainMs: number;
  readonly closeMs: number;
}

/**
 * SIGTERM and SIGINT stop the process within a bound (issue 26, item 3; decision 0069):
 * 1. stop accepting connections, refuse new requests on open ones (503 ENGINE.STOPPING,
 *    `Connection: close`), close every idle keep-alive connection now and each busy one after
 *    its answer;
 * 2. wait for the requests in flight, at most `drainMs`, then cut the connections left (a
 *    client that has gone never reads its answer; a command cut mid-way is one transaction, in
 *    or out, and its Idempotency-Key makes the retry safe);
 * 3. close the application (the projector's last batch, leases released, seals published, the
 *    stores flushed and closed) and exit 0, or 1 if that fails or outlasts `drainMs` again.
 * Replaces Nest's shutdown hooks (createApp's `ownSignals`), which wait for every connection.
 */
export function stopGracefully(app: INestApplication, settings: StopSettings, logger: LoggerService): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    void drainAndClose(app, settings, signal, logger).then(
      (report) => {
        logger.log(`stopped on ${signal}: ${JSON.stringify(report)}`);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(`stop on ${signal} failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

export async function drainAndClose(app: INestApplication, settings: StopSettings, signal: string, logger: LoggerService): Promise<StopReport> {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const server = fastify.server as Server;
  const admission = admissionOf(fastify);
  const counts = () => ({ admitted: admission?.counts.admitted ?? 0, refused: admission?.counts.refusedStopping ?? 0 });
  const inFlightAtStart = admission?.inFlight ?? 0;
  const connectionsAtStart = admission?.connections ?? 0;
  const before = counts();
  logger.log(`${signal}: stopping; ${inFlightAtStart} requests in flight on ${connectionsAtStart} connections, draining for at most ${settings.drainMs} ms`);
  const started = Date.now();
  admission?.drain();
  // No new connections; the listening socket closes now (its callback would wait for every connection: not awaited).
  if (server.listening) server.close();
  // Idle keep-alive connections now, and each busy one as soon as its answer is out.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const drained = await Promise.race([
    (admission?.whenIdle() ?? Promise.resolve()).then(() => true),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), settings.drainMs).unref()),
  ]);
  clearInterval(sweep);
  const cut = admission?.inFlight ?? 0;
  // A closed socket says so on a later turn of the loop.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const connectionsCut = admission?.connections ?? 0;
  if (!drained) logger.warn(`${signal}: ${cut} requests still in flight after ${settings.drainMs} ms; cutting their connections`);
  server.closeAllConnections();
  const drainMs = Date.now() - started;
  const closing = Date.now();
  await Promise.race([
    app.close(),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`closing the application took over ${settings.drainMs} ms`)), settings.drainMs).unref()),
  ]);
  return {
    signal, inFlightAtStart, connectionsAtStart, answered: inFlightAtStart + (counts().admitted - before.admitted) - cut, cut, connectionsCut,
    refusedWhileStopping: counts().refused - before.refused, drainMs, closeMs: Date.now() - closing,
  };
}
