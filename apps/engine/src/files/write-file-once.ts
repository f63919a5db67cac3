import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsyncPath } from './fsync-path';

/**
 * Creates `file` holding `contents` unless it exists, for the secrets an engine makes on its
 * first start (the token key, the personal-data master key). Written aside and fsynced, then
 * linked into place, then the directory fsynced: no process ever reads it half-written (a
 * start stopped midway used to leave an empty key file behind, and every later start failed),
 * two processes starting at once agree on one (the loser's link fails with EEXIST and it
 * reads the winner's), and once this returns the file survives a power cut, before anything
 * is encrypted with it.
 */
export function writeFileOnce(file: string, contents: string | Uint8Array): void {
  const directory = path.dirname(file);
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  const draft = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(draft, 'w', 0o600);
  try {
    fs.writeFileSync(fd, contents);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(draft, { force: true });
  }
  fsyncPath(directory);
}
