import { spawnSync } from 'node:child_process';
import type { BenchOptions } from './lib/options';
import { BenchOutcome, formatNumber, heading } from './lib/report';
import { repoRoot, RunEnvironment, writeResult } from './lib/results';

/** How the nightly run sizes the property tests (CI: 25 runs of up to 12 cases, seed 20261207). */
const NIGHTLY_RUNS = 1_000;
const NIGHTLY_MAX_CASES = 30;

/**
 * The nightly mode's run of the record's property tests (libs/projections/src/properties): many
 * more generated histories, larger ones, with a new seed each night. A failure prints fast-check's
 * shrunk counterexample and the seed to replay it (PROPERTY_SEED=… PROPERTY_RUNS=… npx jest …).
 */
export async function runPropertiesBench(_options: BenchOptions, environment: RunEnvironment): Promise<BenchOutcome> {
  const seed = Number(process.env.PROPERTY_SEED ?? Date.now() % 2_147_483_647);
  heading(`Property tests of the record: ${formatNumber(NIGHTLY_RUNS)} runs of up to ${NIGHTLY_MAX_CASES} cases, seed ${seed}`);
  const started = Date.now();
  const run = spawnSync('npx', ['jest', '--runInBand', '--testTimeout=3600000', 'libs/projections/src/properties'], {
    cwd: repoRoot(), stdio: 'inherit',
    env: { ...process.env, PROPERTY_RUNS: String(NIGHTLY_RUNS), PROPERTY_SEED: String(seed), PROPERTY_MAX_CASES: String(NIGHTLY_MAX_CASES) },
  });
  const seconds = (Date.now() - started) / 1000;
  const passed = run.status === 0;
  console.log(`  ${passed ? 'passed' : 'FAILED'} in ${formatNumber(seconds)} s (seed ${seed})`);
  const file = writeResult('properties', environment, { seed, runs: NIGHTLY_RUNS, maxCases: NIGHTLY_MAX_CASES, passed, seconds });
  return {
    name: 'properties', file, figures: { passed: passed ? 1 : 0, seconds },
    rows: [{ benchmark: 'properties', figure: `property tests, ${NIGHTLY_RUNS} runs (seed ${seed})`, value: passed ? 1 : 0, unit: passed ? 'passed' : 'FAILED' }],
  };
}
