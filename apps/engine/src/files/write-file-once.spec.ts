import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeFileOnce } from './write-file-once';

describe('writeFileOnce', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'write-once-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the file, readable by its owner only, its directories too, and leaves no draft', () => {
    const file = path.join(dir, 'keys', 'master.key');
    writeFileOnce(file, 'secret');
    expect(fs.readFileSync(file, 'utf8')).toBe('secret');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['master.key']);
  });

  it('keeps the file another process made first, as the loser of a race does', () => {
    const file = path.join(dir, 'master.key');
    writeFileOnce(file, 'first');
    writeFileOnce(file, 'second');
    expect(fs.readFileSync(file, 'utf8')).toBe('first');
    expect(fs.readdirSync(dir)).toEqual(['master.key']);
  });
});
