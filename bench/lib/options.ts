/**
 * What a `npm run bench` run does, from the environment and the command line:
 * BENCH_QUICK=1 / --quick (a smoke run under a minute), BENCH_LONG=1 / --long (the 10M-event
 * replay), BENCH_NIGHTLY=1 / --nightly (the default figures, then the record's property tests at
 * length with a new seed: bench/properties.bench.ts), BENCH_ONLY=limits,append / --only=… (a subset), BENCH_PROFILE=1 / --profile (one
 * extra closed-loop HTTP pass with the engine under --cpu-prof).
 */
export type Mode = 'quick' | 'default' | 'long' | 'nightly';

export const BENCHMARK_NAMES = ['limits', 'append', 'append-pg', 'emmett', 'http', 'http-pg', 'receipts', 'overload', 'replay', 'reads', 'watcher', 'relay', 'queue', 'properties'] as const;
export type BenchmarkName = (typeof BENCHMARK_NAMES)[number];

export interface BenchOptions {
  readonly mode: Mode;
  /** Measured runs per figure; the figure is their median. */
  readonly runs: number;
  /** Length of one measured run of an in-process (store, SQLite, disk) workload. */
  readonly storeSeconds: number;
  /** Length of one measured HTTP run. */
  readonly httpSeconds: number;
  /** Cases in the year of data behind the replay and the reads (≈3.5 events a case). */
  readonly datasetCases: number;
  /**
   * The reference figures beside the issue's own (autocannon's overallRate, a replay through
   * every engine projection) and one engine per HTTP load; off in quick mode to stay under a minute.
   */
  readonly thorough: boolean;
  readonly only: ReadonlySet<BenchmarkName>;
  readonly profile: boolean;
}

export function parseOptions(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const flag = (name: string) => argv.includes(`--${name}`);
  const mode: Mode = flag('long') || env.BENCH_LONG === '1' ? 'long' : flag('quick') || env.BENCH_QUICK === '1' ? 'quick'
    : flag('nightly') || env.BENCH_NIGHTLY === '1' ? 'nightly' : 'default';
  const onlyArg = argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length) ?? env.BENCH_ONLY;
  return {
    mode,
    runs: mode === 'quick' ? 3 : 5,
    storeSeconds: mode === 'quick' ? 0.15 : 1,
    httpSeconds: mode === 'quick' ? 0.5 : 3,
    // ≈100k events (quick), ≈1M (default), ≈10M (long).
    datasetCases: mode === 'quick' ? 30_000 : mode === 'long' ? 3_000_000 : 300_000,
    thorough: mode !== 'quick',
    only: parseOnly(onlyArg),
    profile: flag('profile') || env.BENCH_PROFILE === '1',
  };
}

function parseOnly(value: string | undefined): ReadonlySet<BenchmarkName> {
  if (!value) return new Set(BENCHMARK_NAMES);
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!(BENCHMARK_NAMES as readonly string[]).includes(name)) {
      throw new Error(`unknown benchmark ${name}; choose from ${BENCHMARK_NAMES.join(', ')}`);
    }
  }
  return new Set(names as BenchmarkName[]);
}
