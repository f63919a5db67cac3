import { elapsedMs, LatencySummary, summarize } from './stats';

/** One operation of a workload: does its work and says how many events it wrote or read. */
export type Operation = (caller: number, iteration: number) => Promise<number>;

export interface DriveResult {
  readonly operations: number;
  readonly events: number;
  readonly errors: number;
  readonly seconds: number;
  readonly operationsPerSecond: number;
  readonly eventsPerSecond: number;
  /** Per operation, in milliseconds, from process.hrtime.bigint() around each call. */
  readonly latencyMs: LatencySummary;
  readonly firstError?: string;
}

export interface DriveOptions {
  /** Unrecorded warm-up before the measured part (default: a quarter of `seconds`, at most 0.5 s). */
  readonly warmupSeconds?: number;
  /** Called between the warm-up and the measured part. */
  readonly onMeasureStart?: () => void;
}

/**
 * Closed loop: `concurrency` callers each run `operation` back to back until `seconds` have
 * passed (after an unrecorded warm-up), and the figures count only the measured part.
 */
export async function drive(concurrency: number, seconds: number, operation: Operation, options: DriveOptions = {}): Promise<DriveResult> {
  const warmupSeconds = options.warmupSeconds ?? Math.min(0.5, seconds / 4);
  const iterations = new Array<number>(concurrency).fill(0);
  const run = async (runSeconds: number, record: boolean) => {
    const latencies: number[] = [];
    let events = 0;
    let errors = 0;
    let firstError: string | undefined;
    const started = process.hrtime.bigint();
    const deadline = started + BigInt(Math.round(runSeconds * 1e9));
    await Promise.all(
      Array.from({ length: concurrency }, async (_, caller) => {
        while (process.hrtime.bigint() < deadline) {
          const callStarted = process.hrtime.bigint();
          try {
            // Not `events += await …`: that reads `events` before the await and loses the other callers' counts.
            const counted = await operation(caller, iterations[caller]++);
            events += counted;
            if (record) latencies.push(elapsedMs(callStarted));
          } catch (error) {
            errors += 1;
            firstError ??= error instanceof Error ? error.message : String(error);
          }
        }
      }),
    );
    const elapsedSeconds = elapsedMs(started) / 1000;
    return { latencies, events, errors, elapsedSeconds, firstError };
  };
  if (warmupSeconds > 0) await run(warmupSeconds, false);
  options.onMeasureStart?.();
  const measured = await run(seconds, true);
  return {
    operations: measured.latencies.length,
    events: measured.events,
    errors: measured.errors,
    seconds: measured.elapsedSeconds,
    operationsPerSecond: measured.latencies.length / measured.elapsedSeconds,
    eventsPerSecond: measured.events / measured.elapsedSeconds,
    latencyMs: summarize(measured.latencies),
    ...(measured.firstError === undefined ? {} : { firstError: measured.firstError }),
  };
}

/** Runs `measure` `runs` times (each on a fresh setup, if it makes one) and keeps every result. */
export async function repeat<T>(runs: number, measure: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < runs; run += 1) results.push(await measure(run));
  return results;
}
