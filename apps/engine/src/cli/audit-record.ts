import * as fs from 'node:fs';
import { type AuditReport, type Seal, SqliteEventStore, verifyEventLog } from '@gov/event-store';
import { loadConfig } from '../config/engine.config';
import { eventStoreFile } from '../infrastructure/infrastructure.module';
import { argsOf } from './cli-args';

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

/** `npm run audit:verify [-- --seal exported-seal.json]`; exit code 1 when anything does not match. */
export function auditVerify(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CommandOutcome {
  const args = argsOf(argv);
  for (const name of args.keys()) if (name !== 'seal') throw new Error(`unknown option --${name}; usage: npm run audit:verify [-- --seal file]`);
  const file = existingStoreFile(env);
  const sealFile = args.get('seal');
  const exportedSeal = sealFile === undefined ? undefined : readExportedSeal(sealFile);
  const report = verifyEventLog(file, { exportedSeal });
  const lines = describeReport(file, report);
  if (report.intact && exportedSeal) lines.push(`Exported seal #${exportedSeal.seq} (position ${exportedSeal.position}, ${sealFile}) matches the file.`);
  return { exitCode: report.intact ? 0 : 1, lines };
}

/**
 * `npm run audit:seal -- --out file`: verifies the file, seals whatever is unsealed and
 * writes the latest seal to `file`. Refuses to seal a file that does not verify: a seal
 * must never vouch for a tampered tail.
 */
export async function auditSeal(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, now = new Date()): Promise<CommandOutcome> {
  const args = argsOf(argv);
  const out = args.get('out');
  if (!out || args.size !== 1) throw new Error('usage: npm run audit:seal -- --out file');
  const file = existingStoreFile(env);
  const report = verifyEventLog(file);
  if (!report.intact) return { exitCode: 1, lines: [...describeReport(file, report), 'Not sealed: the record does not verify.'] };
  const store = SqliteEventStore.open({ file, writer: 'inline' });
  try {
    const seal = await store.sealNow();
    const exported: ExportedSealFile = { format: 'gov-seal-export/1', ...seal, exportedAt: now.toISOString(), eventStore: file };
    fs.writeFileSync(out, `${JSON.stringify(exported, null, 2)}\n`);
    return {
      exitCode: 0,
      lines: [`Sealed ${file} up to position ${seal.position}: seal #${seal.seq} ${seal.hash} (${seal.reason}, ${seal.sealedAt}).`, `Written to ${out}; keep it away from this machine.`],
    };
  } finally {
    await store.close();
  }
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
