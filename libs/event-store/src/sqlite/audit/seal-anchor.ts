import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Seal } from './seals';

/** A seal as published outside the store's file, with the store it vouches for. */
export interface AnchoredSeal extends Seal {
  readonly format: 'gov-seal-anchor/1';
  readonly eventStore: string;
  readonly publishedAt: string;
}

/**
 * A place outside the event store's file where its seals are published as they are made: a
 * place the engine can add to but not rewrite (an append-only file on another mount, a Kafka
 * topic, a timestamping authority). A rewrite of the log that recomputes every hash and seal
 * in the file then no longer matches what was published before it.
 */
export interface SealAnchor {
  /** For reports: where the seals go. */
  readonly name: string;
  publish(seal: AnchoredSeal): Promise<void>;
  /** The seals published so far, oldest first; empty when the anchor cannot be read back. */
  published(): Promise<readonly AnchoredSeal[]>;
}

/**
 * Seals appended as JSON lines to a file meant to live on another mount, opened for appending
 * only and fsynced per seal. The engine never rewrites it; the operator makes it append-only
 * for good (`chattr +a`, a WORM share), which the engine cannot undo.
 */
export class AppendOnlySealFile implements SealAnchor {
  readonly name: string;

  constructor(private readonly file: string) {
    this.name = `file ${file}`;
  }

  async publish(seal: AnchoredSeal): Promise<void> {
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const fd = fs.openSync(this.file, 'a');
    try {
      fs.writeSync(fd, `${JSON.stringify(seal)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  async published(): Promise<readonly AnchoredSeal[]> {
    return readSealLines(this.file);
  }
}

/** The seals of a JSON-lines anchor file; a torn last line (a crash mid-write) is left out. */
export function readSealLines(file: string): AnchoredSeal[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text.split('\n').flatMap((line) => {
    if (line.trim() === '') return [];
    try {
      const seal = JSON.parse(line) as AnchoredSeal;
      return seal.format === 'gov-seal-anchor/1' ? [seal] : [];
    } catch {
      return [];
    }
  });
}
