import { Option } from 'commander';
import { principalOf } from '../auth/token-claims';
import { cliProgram, DATA_DIR, optionsOf, runCli } from './cli-program';
import { engineTokens } from './engine-secret';
import { columnMapping, CSV_COLUMNS, csvRows, jsonLines, type SourceEntry } from './history-sources';
import {
  fresh, type ImportProgress, type LineRange, lineCount, progressFileOf, readProgress, type Rejection, sha256Of, writeProgress,
} from './import-progress';
import { type Progress, progressBar } from './progress';

interface ImportOptions {
  readonly format?: 'jsonl' | 'csv';
  readonly column: string[];
  readonly url: string;
  readonly chunk: string;
  readonly restart?: boolean;
  readonly unsure?: 'resend' | 'skip';
}

/** The engine's body limit is 1 MiB; a chunk stays well under it. */
const MAX_CHUNK_BYTES = 768 * 1024;
const CODE_UNREADABLE = 'IMPORT.UNREADABLE';

const importProgram = () =>
  cliProgram('import', 'Imports case histories from a legacy system through the engine\'s import API (POST /api/import/cases), '
    + 'in chunks; each history is checked by the same rules as live commands and lands whole or not at all. Each rejected '
    + 'history is printed with its line and code. Progress is kept in <file>.progress: a rerun after a stop goes on where '
    + 'it stopped, and a rerun after the end does nothing.', [
    DATA_DIR,
    { name: 'IMPORT_TOKEN', description: "a migration-role token to send (else one is signed with the engine's secret in DATA_DIR)" },
    { name: 'ENGINE_URL', description: 'the default of --url' },
  ])
    .argument('<file>', 'JSON lines (one history a line, as the import API takes a case) or CSV (columns below)')
    .addOption(new Option('--format <format>', 'the file\'s format (default: csv for *.csv, else jsonl)').choices(['jsonl', 'csv']))
    .option('--column <field=header>', 'a CSV header for a field (repeatable), e.g. legacy_id=旧系统编号', (pair: string, all: string[]) => [...all, pair], [])
    .option('--url <url>', 'the engine', process.env.ENGINE_URL ?? 'http://127.0.0.1:3000')
    .option('--chunk <cases>', 'histories per request, 1 to 500', '100')
    .option('--restart', 'forget <file>.progress and import from the first line (what landed before stays)')
    .addOption(new Option('--unsure <what>', 'for histories without caseNo whose chunk was in flight when a run stopped: '
      + 'resend them (they may land twice) or skip them (they may be missing)').choices(['resend', 'skip']))
    .addHelpText('after', [
      '',
      'CSV columns (a header row; one step a row; a case\'s rows together, its receive row first; empty cells are absent):',
      ...Object.entries(CSV_COLUMNS).map(([field, description]) => `  ${field.padEnd(22)}${description}`),
    ].join('\n'));

/** The engine refused the whole chunk (4xx): nothing of it landed. */
class ChunkRefused extends Error {}

type Answer =
  | { readonly index: number; readonly status: 'imported'; readonly caseNo: string }
  | { readonly index: number; readonly status: 'rejected'; readonly code: string; readonly message: string; readonly step: number | null };

/** Posts one chunk; the histories the API refuses by shape (400, naming `cases[i]`) are answered here and the rest posted again. */
async function post(url: string, token: string, histories: readonly unknown[]): Promise<Answer[]> {
  const answers = new Map<number, Answer>();
  let pending = histories.map((history, index) => ({ history, index }));
  while (pending.length > 0) {
    const response = await fetch(`${url.replace(/\/+$/, '')}/api/import/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ cases: pending.map((p) => p.history) }),
    });
    const body = (await response.json().catch(() => ({}))) as { results?: Answer[]; code?: string; message?: string; errors?: { field: string; reason: string }[] };
    if (response.status === 200 && body.results) {
      for (const result of body.results) answers.set(pending[result.index].index, { ...result, index: pending[result.index].index });
      break;
    }
    const refusedShape = response.status === 400 ? shapeErrors(body.errors ?? [], pending.length) : undefined;
    if (!refusedShape) {
      const answered = `the engine answered ${response.status}: ${body.code ?? ''} ${body.message ?? ''}`.trim();
      throw response.status >= 400 && response.status < 500 ? new ChunkRefused(answered) : new Error(answered);
    }
    for (const [position, reasons] of refusedShape) {
      const index = pending[position].index;
      answers.set(index, { index, status: 'rejected', code: body.code ?? 'VALIDATION.FAILED', message: reasons.join('; '), step: null });
    }
    pending = pending.filter((_, position) => !refusedShape.has(position));
  }
  return histories.map((_, index) => answers.get(index) as Answer);
}

/** The refused histories' positions, each with its field errors; undefined when an error is not about one history. */
function shapeErrors(errors: readonly { field: string; reason: string }[], count: number): Map<number, string[]> | undefined {
  const byCase = new Map<number, string[]>();
  for (const { field, reason } of errors) {
    const match = /^cases\[(\d+)\]\.?(.*)$/.exec(field);
    const position = match ? Number(match[1]) : Number.NaN;
    if (!(position < count)) return undefined;
    byCase.set(position, [...(byCase.get(position) ?? []), `${match?.[2] || 'the history'}: ${reason}`]);
  }
  return byCase.size > 0 ? byCase : undefined;
}

const within = (range: LineRange | null, line: number) => range !== null && line >= range.from && line <= range.to;

class Importer {
  private chunk: SourceEntry[] = [];
  private chunkBytes = 0;

  constructor(
    private readonly file: string,
    private progress: ImportProgress,
    private readonly bar: Progress,
    private readonly options: { url: string; token: string; chunkSize: number; unsure?: 'resend' | 'skip' },
  ) {}

  async add(entry: SourceEntry): Promise<void> {
    if (entry.lastLine <= this.progress.done) return;
    const bytes = 'history' in entry ? Buffer.byteLength(JSON.stringify(entry.history)) : 0;
    if (this.chunk.length >= this.options.chunkSize || (this.chunk.length > 0 && this.chunkBytes + bytes > MAX_CHUNK_BYTES)) await this.flush();
    this.chunk.push(entry);
    this.chunkBytes += bytes;
  }

  async flush(): Promise<void> {
    const entries = this.chunk;
    if (entries.length === 0) return;
    this.chunk = [];
    this.chunkBytes = 0;
    const range = { from: entries[0].line, to: entries[entries.length - 1].lastLine };
    const toPost = entries.filter((entry): entry is Extract<SourceEntry, { history: unknown }> => 'history' in entry && this.posted(entry));
    this.save({ inFlight: range });
    const answers = toPost.length > 0 ? await this.post(toPost.map((entry) => entry.history)) : [];
    const answerOf = new Map<SourceEntry, Answer>(toPost.map((entry, i) => [entry, answers[i]]));
    let imported = 0;
    const rejections: Rejection[] = [];
    for (const entry of entries) {
      const answer = answerOf.get(entry);
      if ('unreadable' in entry) rejections.push({ line: entry.line, code: CODE_UNREADABLE, message: entry.unreadable, step: null });
      else if (answer?.status === 'imported') imported += 1;
      // Its chunk was in flight when a run stopped: that run imported it.
      else if (answer?.code === 'CASE.ALREADY_EXISTS' && within(this.progress.unsure, entry.line)) imported += 1;
      else if (answer) {
        const line = answer.step === null ? entry.line : (entry.stepLines?.[answer.step] ?? entry.line);
        rejections.push({ line, code: answer.code, message: answer.message, step: answer.step });
      }
      // No answer: an unsure history skipped on request, not counted.
    }
    for (const r of rejections) process.stdout.write(`line ${r.line}: rejected, ${r.code}${r.step === null ? '' : ` at step ${r.step}`}: ${r.message}\n`);
    const unsure = this.progress.unsure && this.progress.unsure.to > range.to ? this.progress.unsure : null;
    this.save({ done: range.to, imported: this.progress.imported + imported, rejections: [...this.progress.rejections, ...rejections], inFlight: null, unsure });
    this.bar.update(range.to);
  }

  private async post(histories: readonly unknown[]): Promise<Answer[]> {
    try {
      return await post(this.options.url, this.options.token, histories);
    } catch (error) {
      if (error instanceof ChunkRefused) this.save({ inFlight: null });
      throw error;
    }
  }

  /** Whether to post a history: not one whose earlier posting is unknown and that cannot be told apart on a second (no caseNo). */
  private posted(entry: Extract<SourceEntry, { history: unknown }>): boolean {
    if (!within(this.progress.unsure, entry.line) || entry.history.caseNo) return true;
    if (this.options.unsure === 'resend') return true;
    if (this.options.unsure === 'skip') {
      process.stdout.write(`line ${entry.line}: skipped (--unsure skip): it was being imported when the last run stopped\n`);
      return false;
    }
    throw new Error(`line ${entry.line} was being imported when the last run stopped, and it has no caseNo: whether it landed cannot be told. `
      + 'Check, then rerun with --unsure resend or --unsure skip');
  }

  save(change: Partial<ImportProgress>): void {
    this.progress = { ...this.progress, ...change };
    writeProgress(this.file, this.progress);
  }

  get state(): ImportProgress {
    return this.progress;
  }
}

/**
 * `npm run import -- histories.jsonl`: see the help. The token is a migration-role one,
 * IMPORT_TOKEN or signed with DATA_DIR's engine secret.
 */
async function main(): Promise<number> {
  const program = importProgram();
  const options = optionsOf<ImportOptions>(program, process.argv.slice(2));
  const [file] = program.args;
  const chunkSize = Number(options.chunk);
  if (!(Number.isInteger(chunkSize) && chunkSize >= 1 && chunkSize <= 500)) throw new Error('--chunk must be 1 to 500 histories');
  const format = options.format ?? (file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
  const headers = columnMapping(options.column);
  const sha256 = await sha256Of(file);
  const kept = options.restart ? undefined : readProgress(file, sha256);
  if (kept?.finished) {
    process.stdout.write(`${file} was imported already (${progressFileOf(file)}): ${kept.imported} imported, ${kept.rejections.length} rejected; --restart imports it again\n`);
    return 0;
  }
  const token = process.env.IMPORT_TOKEN || (await migrationToken());
  // A chunk in flight when the last run stopped: its answer was never read.
  const unsure = kept?.inFlight ? { from: Math.min(kept.inFlight.from, kept.unsure?.from ?? Infinity), to: Math.max(kept.inFlight.to, kept.unsure?.to ?? 0) } : (kept?.unsure ?? null);
  const start: ImportProgress = kept ? { ...kept, inFlight: null, unsure } : fresh(sha256);
  if (kept) process.stderr.write(`import: resuming ${file} after line ${kept.done} (${kept.imported} imported, ${kept.rejections.length} rejected so far)\n`);
  const bar = progressBar('import', await lineCount(file), { unit: 'lines' });
  bar.update(start.done);
  const importer = new Importer(file, start, bar, { url: options.url, token, chunkSize, unsure: options.unsure });
  try {
    importer.save({});
    for await (const entry of format === 'csv' ? csvRows(file, headers) : jsonLines(file)) await importer.add(entry);
    await importer.flush();
    importer.save({ finished: true, unsure: null });
  } finally {
    bar.stop();
  }
  const { imported, rejections } = importer.state;
  process.stdout.write(`imported ${imported}, rejected ${rejections.length} (listed in ${progressFileOf(file)})\n`);
  return 0;
}

async function migrationToken(): Promise<string> {
  const principal = principalOf({ sub: 'migration:import-cli', role: 'migration' });
  if ('refused' in principal) throw new Error(principal.refused);
  return engineTokens().issue(principal, 24 * 3600);
}

runCli('import', main, 2);
