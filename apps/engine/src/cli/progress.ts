import { Format, type Params, SingleBar } from 'cli-progress';

/** How far a long run is: a bar on a terminal, a plain line every few seconds in a log. */
export interface Progress {
  /** `done` of the total so far; `note` says what the count is of, when it changed. */
  update(done: number, note?: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** What is counted: "events", "cases". */
  readonly unit: string;
  readonly stream?: NodeJS.WriteStream;
  /** How often a log gets a line, in ms. */
  readonly logEveryMs?: number;
}

/** A progress of `label` over `total` units on stderr (stdout stays the command's answer). */
export function progressBar(label: string, total: number, { unit, stream = process.stderr, logEveryMs = 5000 }: ProgressOptions): Progress {
  const terminal = stream.isTTY === true;
  const line = (params: Params, note: string) => {
    const percent = params.total > 0 ? Math.floor((params.value / params.total) * 100) : 100;
    const seconds = Math.round((Date.now() - params.startTime) / 1000);
    return `${label}: ${params.value.toLocaleString('en')}/${params.total.toLocaleString('en')} ${unit} (${percent}%), ${seconds} s${note}`;
  };
  const bar = new SingleBar({
    stream,
    noTTYOutput: true,
    notTTYSchedule: logEveryMs,
    hideCursor: terminal,
    etaBuffer: 50,
    format: (options, params, payload: { note?: string }) => {
      const note = payload.note ? `, ${payload.note}` : '';
      if (!terminal) return line(params, note);
      const eta = Format.TimeFormat(params.eta, options, 1);
      return `${label} ${Format.BarFormat(params.progress, options)} ${Math.floor(params.progress * 100)}% | ${params.value.toLocaleString('en')}/${params.total.toLocaleString('en')} ${unit} | ETA ${eta}${note}`;
    },
  });
  bar.start(total, 0, { note: '' });
  return {
    update: (done, note) => bar.update(done, note === undefined ? {} : { note }),
    stop: () => bar.stop(),
  };
}
