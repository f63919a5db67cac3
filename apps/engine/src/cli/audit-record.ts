import * as fs from 'node:fs';
import Database from 'better-sqlite3';
import {
  type AnchoredSeal, type AuditReport, isRecordHash, PostgresEventStore, readSealLines, type Seal, sealStoreOnward, SqliteEventStore, verifyEventLog,
  verifyPostgresEventLog, type VerifyOptions,
} from '@gov/event-store';
import { AccessLog, accessLogFile, anchorFileOf } from '../audit';
import { loadConfig } from '../config/engine.config';
import { eventStoreFile } from '../infrastructure/infrastructure.module';
import { existingSealSigner, loadSealSigningKey, publicKeyFileOf, sealSigningKeyFileOf } from '../infrastructure/seal-signing-key';
import { cliProgram, DATA_DIR, type EnvVar, optionsOf } from './cli-program';
import type { Progress } from './progress';

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

const SEAL_KEY: EnvVar = { name: 'SEAL_SIGNING_KEY_FILE', description: "the engine's SM2 key for gm seals (default DATA_DIR/audit/seal-signing.key)" };

const auditVerifyProgram = () =>
  cliProgram('audit:verify', 'Recomputes the hash chains and seals of the event store in DATA_DIR, in the crypto suite each hash names '
    + '(SHA-256 or SM3; SM2 signatures of gm seals), and names the first event that does not match '
    + '(exit code 1 then, 0 when intact). Read-only: safe while the engine runs.', [DATA_DIR, SEAL_KEY])
    .option('--seal <file>', 'a seal exported by audit:seal: the store must still hold it, unchanged')
    .option('--anchor-file <file>', 'the seals the engine published as it made them (default AUDIT_ANCHOR_FILE, else DATA_DIR/audit/seal-anchor.jsonl)')
    .option('--signer <hex>', "the engine's SM2 public key (04…, hex) the gm seals must be signed with (default: the key of SEAL_SIGNING_KEY_FILE, when present)");

const auditSealProgram = () =>
  cliProgram('audit:seal', 'Verifies the event store in DATA_DIR, seals what is not sealed yet and writes the latest seal to a file to keep '
    + 'away from this machine. Refuses to seal a store that does not verify.', [DATA_DIR, SEAL_KEY])
    .requiredOption('--out <file>', 'where to write the seal (verify against it later with audit:verify --seal)');

const auditMigrateSuiteProgram = () =>
  cliProgram('audit:migrate-suite', 'Seals the event store in DATA_DIR onward in the national suite (gm): a seal signed with the engine\'s SM2 key '
    + 'covers everything written so far, and the events after it are hashed with SM3. Nothing before it is rehashed or rewritten. '
    + 'Run it with the engine stopped, then start the engine with CRYPTO_SUITE=gm. Refuses a store that does not verify.', [DATA_DIR, SEAL_KEY])
    .option('--to <suite>', 'the suite to seal onward in (only gm)', 'gm');

/** Makes a progress display for `total` units; the CLI passes progressBar, tests nothing. */
export type ProgressFactory = (label: string, total: number, unit: string) => Progress;

/** `npm run audit:verify [-- --seal exported-seal.json]`; exit code 1 when anything does not match. */
export async function auditVerify(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, progress?: ProgressFactory): Promise<CommandOutcome> {
  const { seal: sealFile, anchorFile, signer } = optionsOf<{ seal?: string; anchorFile?: string; signer?: string }>(auditVerifyProgram(), argv);
  const config = loadConfig(env);
  const store = auditedStore(env);
  const file = store.name;
  const exportedSeal = sealFile === undefined ? undefined : readExportedSeal(sealFile);
  const anchor = anchorFile ?? anchorFileOf(config);
  const anchoredSeals = readSealLines(anchor);
  const engineSigner = signer ?? existingSealSigner(sealSigningKeyFileOf(config));
  let bar: Progress | undefined;
  const report = await store.verify({
    exportedSeal,
    anchoredSeals,
    sealSigners: engineSigner === undefined ? undefined : [engineSigner],
    onProgress: progress && ((checked, total) => {
      bar ??= progress('audit:verify', total, 'events');
      bar.update(checked);
    }),
  });
  bar?.stop();
  const lines = describeReport(file, report);
  lines.push(describeSuites(report, engineSigner));
  const accessLog = config.accessLogFile ?? accessLogFile(config.dataDir);
  const access = AccessLog.verifyFile(accessLog, anchor);
  if (access) {
    lines.push(access.intact
      ? `Access log ${accessLog}: intact, ${access.entriesChecked} entries.`
      : `Access log ${accessLog}: NOT intact: ${access.firstBroken?.message}.`);
  }
  if (report.intact && exportedSeal) lines.push(`Exported seal #${exportedSeal.seq} (position ${exportedSeal.position}, ${sealFile}) matches the file.`);
  lines.push(...describeAnchoring(anchor, anchoredSeals, report));
  return { exitCode: report.intact && access?.intact !== false ? 0 : 1, lines };
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
  const seal = await store.seal(report);
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
  /** Seals what is unsealed, in the suite of the store `report` (its verification) found. */
  seal(report: AuditReport): Promise<Seal>;
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
    seal: async (report) => {
      const gm = report.storeSuite === 'gm' ? { sealSigningKey: loadSealSigningKey(sealSigningKeyFileOf(config)) } : {};
      const store = SqliteEventStore.open({ file, writer: 'inline', ...gm });
      try {
        return await store.sealNow();
      } finally {
        await store.close();
      }
    },
  };
}

/**
 * `npm run audit:migrate-suite`: seals an international store onward in gm (sealStoreOnward),
 * with the engine's SM2 key (created when missing), after checking that it verifies.
 */
export function auditMigrateSuite(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, now = new Date()): CommandOutcome {
  const { to } = optionsOf<{ to: string }>(auditMigrateSuiteProgram(), argv);
  if (to !== 'gm') return { exitCode: 2, lines: [`--to ${to}: a store is only sealed onward in gm; a gm store does not go back to international.`] };
  const config = loadConfig(env);
  const file = existingStoreFile(env);
  const report = verifyEventLog(file);
  if (!report.intact) return { exitCode: 1, lines: [...describeReport(file, report), 'Not migrated: the record does not verify.'] };
  if (report.storeSuite === 'gm') return { exitCode: 0, lines: [`${file} is in the gm suite already (seal #${report.latestSeal?.seq}); nothing to do.`] };
  const keyFile = sealSigningKeyFileOf(config);
  const key = loadSealSigningKey(keyFile);
  const db = new Database(file, { timeout: 5000 });
  let seal: Seal;
  try {
    seal = sealStoreOnward(db, { suite: 'gm', signingKey: key }, now);
  } finally {
    db.close();
  }
  return {
    exitCode: 0,
    lines: [
      `Sealed ${file} onward in the gm suite: seal #${seal.seq} up to position ${seal.position}, ${seal.hash}, signed with SM2.`,
      `The ${report.eventsChecked} events before it keep their SHA-256 hashes and seals; the events after it are hashed with SM3.`,
      `Signing key ${keyFile}; its public key ${publicKeyFileOf(keyFile)} (keep a copy away from this machine).`,
      'Start the engine with CRYPTO_SUITE=gm.',
    ],
  };
}

function describeSuites(report: AuditReport, signer: string | undefined): string {
  if (!report.suites) return `Crypto suite of the store: ${report.storeSuite ?? 'international'}.`;
  const { international, gm } = report.suites;
  const held = [
    international.events + international.seals > 0 ? `international: ${international.events} events, ${international.seals} seals` : '',
    gm.events + gm.seals > 0 ? `gm: ${gm.events} events, ${gm.seals} seals (SM2-signed${signer ? `, by ${signer.slice(0, 18)}…` : ', signer not checked: no engine key given'})` : '',
  ].filter(Boolean);
  return `Crypto suite of the store: ${report.storeSuite}; ${held.join('; ')}.`;
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
  if (!Number.isInteger(seq) || !Number.isInteger(position) || typeof hash !== 'string' || !isRecordHash(hash)) {
    throw new Error(`${file} is not an exported seal (needs seq, position and a SHA-256 or sm3: hash in hex)`);
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
