import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { parse } from 'csv-parse';

/**
 * A case history as read from a legacy export: the body POST /api/import/cases takes for one
 * case (ImportedCaseDto), checked there. `line` is where it starts in the file, `lastLine`
 * where it ends, `stepLines` where each step is (CSV); a history the file holds unreadably
 * comes with `unreadable` instead.
 */
export type SourceEntry =
  | { readonly line: number; readonly lastLine: number; readonly history: ImportedHistory; readonly stepLines?: readonly number[] }
  | { readonly line: number; readonly lastLine: number; readonly unreadable: string };

export type ImportedHistory = Record<string, unknown> & { readonly caseNo?: string; readonly steps: readonly Record<string, unknown>[] };

/** JSON lines: each non-blank line one history, exactly as the import API takes it. */
export async function* jsonLines(file: string): AsyncGenerator<SourceEntry> {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const read of lines) {
    line += 1;
    // A byte-order mark, as some Windows exports start with.
    const text = line === 1 ? read.replace(/^\uFEFF/, '') : read;
    if (text.trim() === '') continue;
    yield readJson(text, line);
  }
}

function readJson(text: string, line: number): SourceEntry {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, lastLine: line, unreadable: `not JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, lastLine: line, unreadable: 'not a JSON object' };
  return { line, lastLine: line, history: { steps: [], ...(value as Record<string, unknown>) } as ImportedHistory };
}

/**
 * The CSV columns, by the field each fills. A file with other headers names its own with
 * `--column field=header`; columns not listed here are ignored. Empty cells are absent.
 */
export const CSV_COLUMNS = {
  legacy_id: "the old system's case id: consecutive rows with one id are one case (required)",
  action: 'receive on the first row of a case; then one of the import API\'s actions: not-accept, request-materials, '
    + 'supply-materials, suspend, resume, escalate, assess-fee, pay-fee, complete, withdraw, rate, '
    + 'claim-step, complete-step, return-step, transfer-step, delegate-step (required)',
  at: 'when, ISO 8601 with its offset: 2012-04-05T09:00:00+08:00 (required)',
  case_no: 'receive: a number in our format to keep (ZRZY-20120405-00012); else one is assigned',
  item_code: 'receive: the catalog item', channel: 'receive: window, online or sub-center', window_id: 'receive',
  sub_center_id: 'receive', staff_id: 'receive, and who acted on a step (claim-step … delegate-step)',
  applicant_kind: 'receive: person or organization', applicant_name: 'receive', applicant_id_number: 'receive',
  applicant_phone: 'receive', applicant_address: 'receive',
  materials: 'receive, request-materials, supply-materials: names separated by ;',
  reason: 'not-accept, withdraw, escalate', suspend_reason: 'suspend: site-inspection, hearing, expert-review or testing',
  note: 'request-materials, suspend', limit_days: 'escalate: working days', approver: 'escalate',
  fees: 'assess-fee: FEECODE:amount in fen, separated by ; (F-BDC-ZZ:8000;F-GBF:500)',
  amount_fen: 'pay-fee', method: 'pay-fee: bank-counter, bank-transfer or cash', bank_receipt_no: 'pay-fee',
  outcome: 'complete: approved or refused', decision: 'complete', level: 'rate: very-satisfied … very-dissatisfied', comment: 'rate',
  step_id: 'claim-step … delegate-step: the step of the item version (review, decision…)', opinion: 'complete-step: agree or disagree',
  reasons: 'complete-step: the opinion\'s reasons; at the decision step, the decision', to_step_id: 'return-step',
  to_staff_id: 'transfer-step, delegate-step',
} as const;

export type CsvField = keyof typeof CSV_COLUMNS;
const isField = (name: string): name is CsvField => Object.hasOwn(CSV_COLUMNS, name);

/** `field=header` pairs (from --column) over the default, where each field's header is its own name. */
export function columnMapping(pairs: readonly string[]): Map<string, CsvField> {
  const headers = new Map<string, CsvField>(Object.keys(CSV_COLUMNS).map((field) => [field, field as CsvField]));
  for (const pair of pairs) {
    const [field, header] = pair.split('=', 2).map((part) => part.trim());
    if (!isField(field) || !header) throw new Error(`--column ${pair}: expected field=header, the field one of ${Object.keys(CSV_COLUMNS).join(', ')}`);
    for (const [name, mapped] of headers) if (mapped === field) headers.delete(name);
    headers.set(header, field);
  }
  return headers;
}

type Row = Partial<Record<CsvField, string>>;

/** CSV with a header row, one step a row; a case's rows follow each other, its receipt first. */
export async function* csvRows(file: string, headers: ReadonlyMap<string, CsvField>): AsyncGenerator<SourceEntry> {
  const parser = fs.createReadStream(file).pipe(parse({
    bom: true, info: true, skip_empty_lines: true, trim: true,
    columns: (names: string[]) => names.map((name) => headers.get(name.trim()) ?? false),
  }));
  let rows: { line: number; row: Row }[] = [];
  for await (const { record, info } of parser as AsyncIterable<{ record: Row; info: { lines: number } }>) {
    if (rows.length > 0 && record.legacy_id !== rows[0].row.legacy_id) {
      yield caseOf(rows);
      rows = [];
    }
    rows.push({ line: info.lines, row: record });
  }
  if (rows.length > 0) yield caseOf(rows);
}

function caseOf(rows: readonly { line: number; row: Row }[]): SourceEntry {
  const line = rows[0].line;
  const lastLine = rows[rows.length - 1].line;
  const [{ row: receipt }, ...steps] = rows;
  if (!receipt.legacy_id) return { line, lastLine, unreadable: 'no legacy_id' };
  if (receipt.action !== 'receive') return { line, lastLine, unreadable: `case ${receipt.legacy_id} does not start with a receive row (action ${receipt.action ?? 'empty'})` };
  try {
    const history = present({
      caseNo: receipt.case_no, itemCode: receipt.item_code, channel: receipt.channel, windowId: receipt.window_id,
      subCenterId: receipt.sub_center_id, staffId: receipt.staff_id,
      applicant: present({
        kind: receipt.applicant_kind, name: receipt.applicant_name, idNumber: receipt.applicant_id_number,
        phone: receipt.applicant_phone, address: receipt.applicant_address,
      }),
      materials: list(receipt.materials) ?? [],
      receivedAt: receipt.at,
      steps: steps.map(({ row }) => stepOf(row)),
    });
    return { line, lastLine, history: history as ImportedHistory, stepLines: steps.map((step) => step.line) };
  } catch (error) {
    return { line, lastLine, unreadable: (error as Error).message };
  }
}

function stepOf(row: Row): Record<string, unknown> {
  return present({
    action: row.action, at: row.at, reason: row.reason, suspendReason: row.suspend_reason, materials: list(row.materials),
    note: row.note, limitDays: number(row.limit_days, 'limit_days'), approver: row.approver, fees: fees(row.fees),
    amountFen: number(row.amount_fen, 'amount_fen'), method: row.method, bankReceiptNo: row.bank_receipt_no,
    outcome: row.outcome, decision: row.decision, level: row.level, comment: row.comment,
    stepId: row.step_id, staffId: row.staff_id, opinion: row.opinion, reasons: row.reasons, toStepId: row.to_step_id, toStaffId: row.to_staff_id,
  });
}

/** Without the absent fields (an empty cell), so the API names what is missing. */
function present(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== ''));
}

function list(cell: string | undefined): string[] | undefined {
  return cell ? cell.split(';').map((item) => item.trim()).filter(Boolean) : undefined;
}

function number(cell: string | undefined, column: string): number | undefined {
  if (!cell) return undefined;
  const value = Number(cell);
  if (!Number.isFinite(value)) throw new Error(`${column} is not a number: ${cell}`);
  return value;
}

function fees(cell: string | undefined): { feeCode: string; amountFen: number }[] | undefined {
  return list(cell)?.map((fee) => {
    const [feeCode, amount] = fee.split(':').map((part) => part.trim());
    if (!feeCode || !amount) throw new Error(`fees: expected FEECODE:amount, not ${fee}`);
    return { feeCode, amountFen: number(amount, 'fees') as number };
  });
}
