import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A history the engine (or the reading of the file) refused: `step` is the API's, null for the receipt. */
export interface Rejection {
  readonly line: number;
  readonly code: string;
  readonly message: string;
  readonly step: number | null;
}

export interface LineRange {
  readonly from: number;
  readonly to: number;
}

/**
 * Where an import of one file stands, kept beside it (`<file>.progress`) before and after every
 * chunk, so a rerun after a stop goes on from there. `done`: every history ending at or before
 * that line has its answer, counted in `imported` or listed in `rejections`. `inFlight`: the
 * chunk being posted; found on a rerun, its answer was never read, and its lines become
 * `unsure` until done passes them: some of its histories may have landed.
 */
export interface ImportProgress {
  readonly format: 'gov-import-progress/1';
  /** The file's SHA-256: a progress belongs to one content. */
  readonly sha256: string;
  readonly done: number;
  readonly imported: number;
  readonly rejections: readonly Rejection[];
  readonly inFlight: LineRange | null;
  readonly unsure: LineRange | null;
  readonly finished: boolean;
}

export const progressFileOf = (file: string) => `${file}.progress`;

export function fresh(sha256: string): ImportProgress {
  return { format: 'gov-import-progress/1', sha256, done: 0, imported: 0, rejections: [], inFlight: null, unsure: null, finished: false };
}

/** The progress kept for `file`, if any; refused when it belongs to other content. */
export function readProgress(file: string, sha256: string): ImportProgress | undefined {
  const kept = progressFileOf(file);
  if (!fs.existsSync(kept)) return undefined;
  const progress = JSON.parse(fs.readFileSync(kept, 'utf8')) as ImportProgress;
  if (progress.format !== 'gov-import-progress/1') throw new Error(`${kept} is not an import progress file`);
  if (progress.sha256 !== sha256) {
    throw new Error(`${file} changed since the import recorded in ${kept} began: --restart imports it from its first line (the cases imported before stay)`);
  }
  return progress;
}

/** Written whole and synced, then renamed over the old one: a stop leaves one or the other. */
export function writeProgress(file: string, progress: ImportProgress): void {
  const kept = progressFileOf(file);
  const scratch = `${kept}.tmp`;
  const fd = fs.openSync(scratch, 'w');
  try {
    fs.writeSync(fd, `${JSON.stringify(progress, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(scratch, kept);
  const dir = fs.openSync(path.dirname(kept), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function lineCount(file: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of fs.createReadStream(file)) {
    const bytes = chunk as Buffer;
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines += 1;
    if (bytes.length > 0) last = bytes[bytes.length - 1];
  }
  return last === 10 ? lines : lines + 1;
}
