import * as fs from 'node:fs';
import {
  type AnchoredSeal, type AuditReport, PostgresEventStore, readSealLines, type Seal, SqliteEventStore, verifyEventLog, verifyPostgresEventLog, type VerifyOptions,
} from '@gov/event-store';
import { anchorFileOf } from '../audit';
import { loadConfig } from '../config/engine.config';
import { eventStoreFile } from '../infrastructure/infrastructure.module';
import { cliProgram, DATA_DIR, optionsOf } from './cli-program';

/**
 * The operator's side of the tamper-evident record, as functions (the CLIs audit-verify.ts
 * and audit-seal.ts only print and exit), so tests run them without spawning a process.
 */
export interface CommandOutcome {
  readonly exitCode: number;
  readonly lines: readonly string[];
}

/** What `audit:seal` writes: a seal to keep away from the file it seals (another host, WORM storage, paper). */
export interface ExportedSealFile extends Seal {
  readonly format: 'gov-seal-export/1';
  readonly exportedAt: string;
  readonly eventStore: string;
}

const auditVerifyProgram = () =>
  cliProgram('audit:verify', 'Recomputes the hash chains and seals of the event store in DATA_DIR and names the first event that does not match '
    + '(exit code 1 then, 0 when intact). Read-only: safe while the engine runs.', [DATA_DIR])
    .option('--seal <file>', 'a seal exported by audit:seal: the store must still hold it, unchanged')
    .option('--anchor-file <file>', 'the seals the engine published as it made them (default AUDIT_ANCHOR_FILE, else DATA_DIR/audit/seal-anchor.jsonl)');

const auditSealProgram = () =>
  cliProgram('audit:seal', 'Verifies the event store in DATA_DIR, seals what is not sealed yet and writes the latest seal to a file to keep '
    + 'away from this machine. Refuses to seal a store that does not verify.', [DATA_DIR])
    .requiredOption('--out <file>', 'where to write the seal (verify against it later with audit:verify --seal)');

/** `npm run audit:verify [-- --seal exported-seal.json]`; exit code 1 when anything does not match. */
export async function auditVerify(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CommandOutcome> {
  const { seal: sealFile, anchorFile } = optionsOf<{ seal?: string; anchorFile?: string }>(auditVerifyProgram(), argv);
  const store = auditedStore(env);
  const file = store.name;
  const exportedSeal = sealFile === undefined ? undefined : readExportedSeal(sealFile);
  const anchor = anchorFile ?? anchorFileOf(loadConfig(env));
  const anchoredSeals = readSealLines(anchor);
  const report = await store.verify({ exportedSeal, anchoredSeals });
  const lines = describeReport(file, report);
  if (report.intact && exportedSeal) lines.push(`Exported seal #${exportedSeal.seq} (position ${exportedSeal.position}, ${sealFile}) matches the file.`);
  lines.push(...describeAnchoring(anchor, anchoredSeals, report));
  return { exitCode: report.intact ? 0 : 1, lines };
}

/**
 * `npm run audit:seal -- --out file`: verifies the file, seals whatever is unsealed and
 * writes the latest seal to `file`. Refuses to seal a file that does not verify: a seal
 * must never vouch for a tampered tail.
 */
export async function auditSeal(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<CommandOutcome> {
  const { out } = optionsOf<{ out: string }>(auditSealProgram(), argv);
  const store = auditedStore(env);
  const file = store.name;
  const report = await store.verify({});
  if (!report.intact) return { exitCode: 1, lines: [...describeReport(file, report), 'Not sealed: the record does not verify.'] };
  const seal = await store.seal();
  const exported: ExportedSealFile = { format: 'gov-seal-export/1', ...seal, exportedAt: now.toISOString(), eventStore: file };
  fs.writeFileSync(out, `${JSON.stringify(exported, null, 2)}\n`);
  return {
    exitCode: 0,
    lines: [`Sealed ${file} up to position ${seal.position}: seal #${seal.seq} ${seal.hash} (${seal.reason}, ${seal.sealedAt}).`, `Written to ${out}; keep it away from this machine.`],
  };
}

/** The store the configuration names, as the audit sees it: its name in the report, its verification, its sealing. */
interface AuditedStore {
  readonly name: string;
  verify(options: VerifyOptions): Promise<AuditReport>;
  seal(): Promise<Seal>;
}

function auditedStore(env: NodeJS.ProcessEnv): AuditedStore {
  const config = loadConfig(env);
  const eventStore = config.eventStore;
  if (eventStore?.kind === 'postgres') {
    const location = { connectionString: eventStore.connectionString, schema: eventStore.schema };
    return {
      name: `the PostgreSQL event store (schema ${eventStore.schema})`,
      verify: (options) => verifyPostgresEventLog(location, options),
      seal: async () => {
        const store = await PostgresEventStore.open({ ...location, listen: false, poolSize: 2 });
        try {
          return await store.sealNow();
        } finally {
          await store.close();
        }
      },
    };
  }
  if (eventStore?.kind === 'eventstoredb') throw new Error('EventStoreDB keeps no tamper-evident record of this engine: nothing to verify');
  const file = existingStoreFile(env);
  return {
    name: file,
    verify: async (options) => verifyEventLog(file, options),
    seal: async () => {
      const store = SqliteEventStore.open({ file, writer: 'inline' });
      try {
        return await store.sealNow();
      } finally {
        await store.close();
      }
    },
  };
}

export function describeReport(file: string, report: AuditReport): string[] {
  const seal = report.latestSeal;
  const sealLine = seal
    ? `Latest seal #${seal.seq}: position ${seal.position}, ${seal.hash} (${seal.reason}, sealed ${seal.sealedAt}).`
    : 'No seal in the file.';
  const counted = `${report.eventsChecked} events in ${report.streamsChecked} streams, ${report.sealsChecked} seals`;
  if (report.intact) {
    return [
      `Tamper-evident record of ${file}: intact. Checked ${counted}.`,
      sealLine,
      `${report.unsealedEvents} events after the latest seal (sealed by a later commit or by npm run audit:seal).`,
    ];
  }
  const total = report.findings.length + report.findingsOmitted;
  return [
    `Tamper-evident record of ${file}: NOT intact, ${total} finding${total === 1 ? '' : 's'} (checked ${counted}).`,
    `First: ${report.findings[0].message}`,
    ...report.findings.slice(1).map((finding) => `  then: ${finding.message}`),
    ...(report.findingsOmitted > 0 ? [`  … and ${report.findingsOmitted} more`] : []),
    sealLine,
  ];
}

function existingStoreFile(env: NodeJS.ProcessEnv): string {
  const { dataDir } = loadConfig(env);
  const file = eventStoreFile(dataDir);
  if (!fs.existsSync(file)) throw new Error(`no event store in ${dataDir} (set DATA_DIR)`);
  return file;
}

function readExportedSeal(file: string): Pick<Seal, 'seq' | 'position' | 'hash'> {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<ExportedSealFile>;
  const { seq, position, hash } = parsed;
  if (!Number.isInteger(seq) || !Number.isInteger(position) || typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) {
    throw new Error(`${file} is not an exported seal (needs seq, position and a SHA-256 hash in hex)`);
  }
  return { seq: seq as number, position: position as number, hash };
}

/** What the published seals vouch for, and what they cannot: the events after the last one published. */
function describeAnchoring(anchor: string, published: readonly AnchoredSeal[], report: AuditReport): string[] {
  const last = published.at(-1);
  if (!last) return [`No seal published outside the file (${anchor}): a rewrite that recomputes every hash could not be told from the record.`];
  const head = (report.latestSeal?.position ?? 0) + report.unsealedEvents;
  const uncovered = Math.max(0, head - last.position);
  return [
    `${published.length} seal${published.length === 1 ? '' : 's'} published outside the file (${anchor}) checked against it; the last, #${last.seq}, covers positions up to ${last.position}.`,
    ...(uncovered > 0 ? [`Not checked against a published seal: the ${uncovered} event${uncovered === 1 ? '' : 's'} after position ${last.position}.`] : []),
  ];
}
