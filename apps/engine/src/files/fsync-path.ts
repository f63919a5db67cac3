import * as fs from 'node:fs';

/** Flushes a file, or a directory's entries (a file created or renamed in it), to disk. */
export function fsyncPath(target: string): void {
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
