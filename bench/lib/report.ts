import type { BenchmarkName } from './options';
import { round } from './stats';

/** One line of the final summary. */
export interface SummaryRow {
  readonly benchmark: BenchmarkName;
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  readonly note?: string;
}

/** What each benchmark hands back to the orchestrator: its file, its named figures, its summary lines. */
export interface BenchOutcome {
  readonly name: BenchmarkName;
  readonly file: string;
  /** Named figures the orchestrator checks against targets and divides by the machine's limits. */
  readonly figures: Readonly<Record<string, number>>;
  readonly rows: readonly SummaryRow[];
}

export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  console.log(line(headers));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}

/** Markdown table, for pasting a run's figures into BENCHMARKS.md. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map((_, column) => (column === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = round(value);
  return Math.abs(rounded) >= 1000 ? rounded.toLocaleString('en-US') : String(rounded);
}

export function heading(title: string): void {
  console.log(`\n=== ${title} ===`);
}
