import type { ReadModelDb, ReadModelStore } from '../store/read-model-store';
import { runScript } from '../store/run-script';

/**
 * Failed query-code sign-ins, by source (the caller's address) and case, in the read-model
 * store every API process opens: the throttle holds across restarts and across processes.
 * Not a projection's table (nothing in the log makes it); a rebuild of the read models starts
 * it afresh.
 */
const TABLES = `
CREATE TABLE IF NOT EXISTS sign_in_failures (source TEXT NOT NULL, case_no TEXT NOT NULL, at BIGINT NOT NULL);
CREATE INDEX IF NOT EXISTS sign_in_failures_source ON sign_in_failures (source, at);
CREATE INDEX IF NOT EXISTS sign_in_failures_source_case ON sign_in_failures (source, case_no, at);
`;

type FailureTables = { sign_in_failures: { source: string; case_no: string; at: number } };
const failures = (db: ReadModelDb) => db.withTables<FailureTables>();

export interface FailureCounts {
  /** Failures of this source on this case since the time asked, and the oldest of them (ms). */
  readonly onCase: number;
  readonly oldestOnCase: number | null;
  /** Failures of this source on any case since then, and the oldest. */
  readonly fromSource: number;
  readonly oldestFromSource: number | null;
}

export class SignInFailures {
  private migrated: Promise<unknown> | null = null;

  constructor(private readonly store: ReadModelStore) {}

  async counts(source: string, caseNo: string, since: number): Promise<FailureCounts> {
    await this.ready();
    return this.store.read(async (tx) => {
      const onCase = await failures(tx).selectFrom('sign_in_failures').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
        .where('source', '=', source).where('case_no', '=', caseNo).where('at', '>=', since).executeTakeFirstOrThrow();
      const fromSource = await failures(tx).selectFrom('sign_in_failures').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
        .where('source', '=', source).where('at', '>=', since).executeTakeFirstOrThrow();
      return {
        onCase: Number(onCase.n), oldestOnCase: onCase.oldest === null ? null : Number(onCase.oldest),
        fromSource: Number(fromSource.n), oldestFromSource: fromSource.oldest === null ? null : Number(fromSource.oldest),
      };
    });
  }

  /** Records a failure; failures older than `forgetBefore` go at the same time, so the table stays small. */
  async failed(source: string, caseNo: string, at: number, forgetBefore: number): Promise<void> {
    await this.ready();
    await this.store.write(async (tx) => {
      await failures(tx).deleteFrom('sign_in_failures').where('at', '<', forgetBefore).execute();
      await failures(tx).insertInto('sign_in_failures').values({ source, case_no: caseNo, at }).execute();
    });
  }

  /** A right code from this source clears its failures on the case. */
  async succeeded(source: string, caseNo: string): Promise<void> {
    await this.ready();
    await this.store.write((tx) => failures(tx).deleteFrom('sign_in_failures').where('source', '=', source).where('case_no', '=', caseNo).execute());
  }

  private ready(): Promise<unknown> {
    this.migrated ??= this.store.migrate((tx) => runScript(tx, TABLES));
    return this.migrated;
  }
}
