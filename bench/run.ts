import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAppendBench, runAppendOnYearStore } from './append.bench';
import { runAppendPostgresBench } from './append-postgres.bench';
import { runEmmettBench } from './emmett.bench';
import { runHttpBench } from './http.bench';
import { runHttpPostgresBench } from './http-postgres.bench';
import { runLimitsBench } from './limits.bench';
import { runOverloadBench, runReceiptsBench } from './pressure.bench';
import { buildYearDataset } from './lib/dataset';
import { BENCHMARK_NAMES, BenchOptions, parseOptions } from './lib/options';
import { BenchOutcome, formatNumber, heading } from './lib/report';
import { repoRoot, RunEnvironment, runEnvironment, writeResult } from './lib/results';
import { elapsedMs } from './lib/stats';
import { buildSummary, printSummary, summaryMarkdown } from './lib/summary';
import { runReadsBench } from './reads.bench';
import { runRelayBench } from './relay.bench';
import { runReplayBench } from './replay.bench';
import { runWatcherBenchOutcome } from './watcher.bench';
import { runQueueBenchOutcome } from './queue.bench';
import { runPropertiesBench } from './properties.bench';

/**
 * `npm run bench`: the speed issue's benchmarks, one after another (never two at once: the
 * machine has two cores), then a summary against the issue's targets and the machine's limits.
 * Every benchmark prints its figures and writes bench/results/<date>-<name>.json.
 */
async function main(): Promise<void> {
  const options = parseOptions();
  const environment = runEnvironment(options.mode);
  printHeader(options, environment);
  const started = process.hrtime.bigint();
  const builtAt = distBuiltAt();
  const outcomes: BenchOutcome[] = [];
  const only = options.only;
  const timed = async (bench: () => Promise<BenchOutcome>) => {
    const benchStarted = process.hrtime.bigint();
    outcomes.push(await bench());
    console.log(`  (${formatNumber(elapsedMs(benchStarted) / 1000)} s)`);
  };
  if (only.has('limits')) await timed(() => runLimitsBench(options, environment));
  if (only.has('append')) await timed(() => runAppendBench(options, environment));
  if (only.has('append-pg')) await timed(() => runAppendPostgresBench(options, environment));
  if (only.has('emmett')) await timed(() => runEmmettBench(options, environment));
  if (only.has('http')) await timed(() => runHttpBench(options, environment));
  if (only.has('receipts')) await timed(() => runReceiptsBench(options, environment));
  if (only.has('overload')) await timed(() => runOverloadBench(options, environment));
  if (only.has('http-pg')) await timed(() => runHttpPostgresBench(options, environment));
  if (only.has('replay') || only.has('reads')) {
    heading(`Building a year of data: ${formatNumber(options.datasetCases)} cases`);
    const dataset = await buildYearDataset(options.datasetCases);
    console.log(`  ${formatNumber(dataset.caseEvents)} case events (+${dataset.seedEvents} calendar and catalog events) in ${formatNumber(dataset.buildSeconds)} s`);
    try {
      if (only.has('replay')) await timed(() => runReplayBench(options, environment, dataset));
      if (only.has('reads')) await timed(() => runReadsBench(options, environment, dataset));
      if (only.has('append')) await timed(() => runAppendOnYearStore(options, environment, dataset));
    } finally {
      dataset.remove();
    }
  }
  if (only.has('watcher')) await timed(() => runWatcherBenchOutcome(options, environment));
  if (only.has('relay')) await timed(() => runRelayBench(options, environment));
  if (only.has('queue')) await timed(() => runQueueBenchOutcome(options, environment));
  // The record's property tests at length: nightly only (CI runs them with a fixed seed and a few dozen runs).
  if (options.mode === 'nightly' && only.has('properties')) await timed(() => runPropertiesBench(options, environment));
  heading(`Summary (${options.mode} mode, ${formatNumber(elapsedMs(started) / 1000)} s)`);
  const tables = buildSummary(outcomes);
  printSummary(tables);
  // Another `npm run build` (it empties dist/) during the run would have swapped the code under the engine children.
  const distRebuiltDuringRun = distBuiltAt() !== builtAt;
  if (distRebuiltDuringRun) console.log('\nwarning: dist/ was rebuilt during the run; the engine children may have run other code');
  // A subset run (--only) must not overwrite the full run's summary.
  const summaryName = only.size === BENCHMARK_NAMES.length ? 'summary' : `summary-${[...only].join('-')}`;
  const file = writeResult(summaryName, environment, {
    seconds: elapsedMs(started) / 1000, distRebuiltDuringRun, ...tables, files: outcomes.map((o) => o.file),
  });
  fs.writeFileSync(file.replace(/\.json$/, '.md'), `${summaryMarkdown(tables)}\n`);
  console.log(`\nresults: ${outcomes.map((o) => o.file).join(', ')}, ${file} (and .md)`);
}

/** When the engine's compiled entry point was written (0 if missing). */
function distBuiltAt(): number {
  try {
    return fs.statSync(path.join(repoRoot(), 'dist', 'apps', 'engine', 'src', 'main.js')).mtimeMs;
  } catch {
    return 0;
  }
}

function printHeader(options: BenchOptions, environment: RunEnvironment): void {
  const { machine, git } = environment;
  console.log(`bench: ${options.mode} mode, ${options.runs} runs per figure (medians), ${environment.date}`);
  console.log(`machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, ${machine.os}; node ${environment.node}`);
  console.log(`commit ${git.commit}${git.uncommitted.length > 0 ? ` + ${git.uncommitted.length} uncommitted/untracked paths` : ''}`);
  console.log(`load generator: ${environment.loadGenerator}`);
  console.log(`load average: ${environment.loadAverage.join(' ')}`);
  if (environment.loadAverage[0] > 0.5) console.log('warning: the machine is not idle; other work lowers every figure');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
