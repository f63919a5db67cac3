import { Format, SingleBar } from 'cli-progress';

/** How far a long run is: a bar on a terminal, a plain line every few seconds in a log. */
export interface Progress {
  /** `done` of the total so far. */
  update(done: number): void;
  stop(): void;
}

export interface ProgressOptions {
  /** What is counted: "events", "cases". */
  readonly unit: string;
  readonly stream?: NodeJS.WriteStream;
  /** How often a log gets a line, in ms. */
  readonly logEveryMs?: number;
}

/**
 * A progress of `label` over `total` units on stderr (stdout stays the command's answer). Both
 * kinds draw from `update` itself, not from a timer, so a synchronous loop shows its progress too.
 */
export function progressBar(label: string, total: number, { unit, stream = process.stderr, logEveryMs = 5000 }: ProgressOptions): Progress {
  return stream.isTTY === true ? terminalBar(label, total, unit, stream) : logLines(label, total, unit, stream, logEveryMs);
}

const count = (n: number) => n.toLocaleString('en');

function terminalBar(label: string, total: number, unit: string, stream: NodeJS.WriteStream): Progress {
  const bar = new SingleBar({
    stream,
    hideCursor: true,
    etaBuffer: 50,
    format: (options, params) => {
      const eta = Format.TimeFormat(params.eta, options, 1);
      return `${label} ${Format.BarFormat(params.progress, options)} ${Math.floor(params.progress * 100)}% | ${count(params.value)}/${count(params.total)} ${unit} | ETA ${eta}`;
    },
  });
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}

/** A log: one plain line at the start, then at most one every `everyMs`, and the last. */
function logLines(label: string, total: number, unit: string, stream: NodeJS.WriteStream, everyMs: number): Progress {
  const started = Date.now();
  let done = 0;
  let written = 0;
  let shown = -1;
  const write = () => {
    shown = done;
    const percent = total > 0 ? Math.floor((Math.min(done, total) / total) * 100) : 100;
    stream.write(`${label}: ${count(done)}/${count(total)} ${unit} (${percent}%), ${Math.round((Date.now() - started) / 1000)} s\n`);
    written = Date.now();
  };
  write();
  return {
    update: (value) => {
      done = value;
      if (Date.now() - written >= everyMs) write();
    },
    stop: () => {
      if (done !== shown) write();
    },
  };
}
