import autocannon from 'autocannon';
import * as http from 'node:http';
import { receiptSource } from './lib/applicants';
import { EngineProcess } from './lib/engine';
import { tempDir } from './lib/proc';

/**
 * New connections on a busy engine (issue 26): while a closed loop of receipts keeps the engine
 * at capacity, NEW connections open at once, each asking GET /health (never refused, ~0.1 ms of
 * work); how long until each is answered, against the same on an idle engine. The overload bench
 * opens its client pool before its arrivals because of what this shows.
 *
 *   node dist/bench/new-connections.js      (NEW=100 connections, LOAD_CONNECTIONS=32)
 */
async function main(): Promise<void> {
  const fresh = Number(process.env.NEW ?? 100);
  const loadConnections = Number(process.env.LOAD_CONNECTIONS ?? 32);
  const temp = tempDir('new-connections');
  const engine = await EngineProcess.start({ dataDir: temp.dir });
  try {
    console.log(`idle engine: ${describe(await openAtOnce(engine.url, fresh))}`);
    const source = receiptSource(1);
    const load = autocannon({
      url: engine.url, connections: loadConnections, duration: 6, timeout: 30,
      requests: [{ method: 'POST', path: '/api/cases', setupRequest: (request) => {
        const { body, key } = source.next();
        return { ...request, body, headers: { 'content-type': 'application/json', authorization: engine.tokens.portal, 'idempotency-key': key } };
      } }],
    });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const busy = await openAtOnce(engine.url, fresh);
    const result = await load;
    console.log(`engine at capacity (${loadConnections} connections of receipts, ${Math.round(result.requests.average)} receipts/s, their p99 ${result.latency.p99} ms): ${describe(busy)}`);
  } finally {
    await engine.stop();
    temp.remove();
  }
}

/** `count` new connections at once, each one GET /health: milliseconds until each answer. */
function openAtOnce(baseUrl: string, count: number): Promise<number[]> {
  const url = new URL(baseUrl);
  return Promise.all(Array.from({ length: count }, () => new Promise<number>((resolve, reject) => {
    const start = performance.now();
    const request = http.request({ host: url.hostname, port: url.port, path: '/health', agent: new http.Agent({ keepAlive: false }) }, (response) => {
      response.resume();
      response.on('end', () => resolve(performance.now() - start));
    });
    request.on('error', reject);
    request.end();
  })));
}

function describe(milliseconds: number[]): string {
  const sorted = [...milliseconds].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(0);
  return `${sorted.length} new connections at once: answered p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
