import autocannon from 'autocannon';
import * as fs from 'node:fs';
import { receiptSource } from './lib/applicants';
import { EngineProcess } from './lib/engine';
import { tempDir } from './lib/proc';

/**
 * Two builds of the engine side by side on the receipts closed loop, in alternating rounds of
 * one run each, for a machine too loaded for absolute figures (issue 26): receipts a second and
 * the engine's CPU per receipt, which moves less with the share of the cores it gets.
 *
 *   BASE_DIST=/path/to/other/checkout/dist node dist/bench/receipts-side-by-side.js
 *
 * ROUNDS (default 3) and RUN_SECONDS (default 6) set the rounds and the length of each run.
 */
async function run(label: string, dist: string | undefined, seconds: number): Promise<{ perSecond: number; cpuMsPerReceipt: number }> {
  const temp = tempDir('side-by-side');
  const engine = await EngineProcess.start({ dataDir: temp.dir, dist });
  try {
    const source = receiptSource(1);
    const load = (duration: number) => autocannon({
      url: engine.url, connections: 64, duration, timeout: 30,
      requests: [{ method: 'POST', path: '/api/cases', setupRequest: (request) => {
        const { body, key } = source.next();
        return { ...request, body, headers: { 'content-type': 'application/json', authorization: engine.tokens.portal, 'idempotency-key': key } };
      } }],
    });
    await load(2);
    const cpuBefore = engine.cpuSeconds();
    const result = await load(seconds);
    const cpu = engine.cpuSeconds() - cpuBefore;
    const ok = result.requests.total - result.non2xx;
    const figures = { perSecond: ok / result.duration, cpuMsPerReceipt: (cpu * 1000) / ok };
    console.log(`${label}: ${figures.perSecond.toFixed(0)} receipts/s, ${figures.cpuMsPerReceipt.toFixed(3)} ms engine CPU a receipt, ` +
      `${(cpu / result.duration).toFixed(2)} cores, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`);
    return figures;
  } finally {
    await engine.stop();
    temp.remove();
  }
}

async function main(): Promise<void> {
  const base = process.env.BASE_DIST;
  if (!base || !fs.existsSync(base)) throw new Error('BASE_DIST must name the dist/ folder of the other build');
  const rounds = Number(process.env.ROUNDS ?? 3);
  const seconds = Number(process.env.RUN_SECONDS ?? 6);
  for (let round = 0; round < rounds; round++) {
    await run('base', base, seconds);
    await run('this', undefined, seconds);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
