import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsyncPath } from '../files/fsync-path';
import { DocumentStore, SHA256_HEX, StoredBlob } from './document-store.port';

/**
 * The embedded default: each document a file under `<DATA_DIR>/documents/<ab>/<sha256>`. A file is
 * written aside (`incoming/`), fsynced, then linked into place and its directory fsynced, so a
 * document named by an event is whole on disk before the event is appended; a crash midway
 * leaves only a draft in `incoming/`, removed at the next start.
 */
export class FileDocumentStore implements DocumentStore {
  private readonly incoming: string;

  constructor(private readonly root: string) {
    this.incoming = path.join(root, 'incoming');
    fs.rmSync(this.incoming, { recursive: true, force: true });
    fs.mkdirSync(this.incoming, { recursive: true, mode: 0o700 });
  }

  async put(source: AsyncIterable<Uint8Array>): Promise<StoredBlob> {
    const draft = path.join(this.incoming, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    // Opened at the first chunk: a source refused before it yields anything leaves no file at all.
    let file: fs.promises.FileHandle | undefined;
    try {
      for await (const chunk of source) {
        file ??= await fs.promises.open(draft, 'wx', 0o600);
        hash.update(chunk);
        size += chunk.byteLength;
        await file.write(chunk);
      }
      file ??= await fs.promises.open(draft, 'wx', 0o600);
      await file.sync();
      await file.close();
      file = undefined;
      const sha256 = hash.digest('hex');
      await this.settle(draft, this.pathOf(sha256));
      return { sha256, size };
    } catch (error) {
      await file?.close().catch(() => undefined);
      throw error;
    } finally {
      await fs.promises.rm(draft, { force: true });
    }
  }

  async read(sha256: string): Promise<AsyncIterable<Buffer> | null> {
    if (!SHA256_HEX.test(sha256)) return null;
    const file = this.pathOf(sha256);
    try {
      await fs.promises.access(file);
    } catch {
      return null;
    }
    return fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  }

  async delete(sha256: string): Promise<boolean> {
    if (!SHA256_HEX.test(sha256)) return false;
    const file = this.pathOf(sha256);
    try {
      await fs.promises.unlink(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    fsyncPath(path.dirname(file));
    return true;
  }

  async close(): Promise<void> {}

  private pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Links the draft into place (the same bytes already there are kept as they are), then makes the name durable. */
  private async settle(draft: string, target: string): Promise<void> {
    const directory = path.dirname(target);
    await fs.promises.mkdir(directory, { recursive: true, mode: 0o700 });
    try {
      await fs.promises.link(draft, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    fsyncPath(directory);
  }
}
