import { caseStreamId, LocalDate, RuleViolation } from '@gov/domain';
import type { EventStore } from '@gov/event-store';
import type { NumberedStream } from './numbered-stream';

/**
 * Case numbers read `SCJG-20260403-00017`: the department's prefix, the Shanghai day of
 * receipt, and a 5-digit sequence within that day — readable aloud at a window, unique,
 * and sorted by day within a department. Uniqueness comes from the store (a case stream is
 * appended with "no stream" expected); this class only guesses the next free number. After
 * a restart it finds the day's last number by binary search over stream existence, and when
 * another instance took the number it proposed, it searches past that one the same way.
 */
const CLASHES_BEFORE_PAUSE = 3;

export class CaseNumbers {
  private readonly next = new Map<string, number>();
  /** Numbers given back (their receipt was refused, or answered from another attempt's record) after later ones were drawn: drawn again first, smallest first. */
  private readonly given = new Map<string, number[]>();
  private readonly starting = new Map<string, Promise<void>>();

  constructor(private readonly store: EventStore) {}

  static format(prefix: string, date: LocalDate, sequence: number): string {
    return `${prefix}-${date.replaceAll('-', '')}-${String(sequence).padStart(5, '0')}`;
  }

  async propose(prefix: string, date: LocalDate): Promise<string> {
    const key = `${prefix}/${date}`;
    if (!this.next.has(key)) await this.start(key, prefix, date);
    const back = this.given.get(key);
    if (back && back.length > 0) return CaseNumbers.format(prefix, date, back.shift() as number);
    const sequence = this.next.get(key) as number;
    this.next.set(key, sequence + 1);
    return CaseNumbers.format(prefix, date, sequence);
  }

  /** The day's first free number, searched once however many receipts of the day arrive during the search (each searching would hand them all the same number). */
  private start(key: string, prefix: string, date: LocalDate): Promise<void> {
    let search = this.starting.get(key);
    if (!search) {
      search = this.firstFree(prefix, date)
        .then((free) => {
          if (!this.next.has(key)) this.next.set(key, free);
        })
        .finally(() => this.starting.delete(key));
      this.starting.set(key, search);
    }
    return search;
  }

  /** The case stream of a new case received on `date` under the department's `prefix`. */
  stream(prefix: string, date: LocalDate): NumberedStream {
    return { withNewNumber: (attempt) => this.withNewNumber(prefix, date, attempt), streamIdOf: caseStreamId };
  }

  /**
   * Runs `receive` with a fresh number; when the store says the number was taken meanwhile
   * (CASE.ALREADY_EXISTS from the decider), tries the next one.
   */
  async withNewNumber<T>(prefix: string, date: LocalDate, receive: (caseNo: string) => Promise<T>): Promise<T> {
    for (let clash = 0; ; clash += 1) {
      const caseNo = await this.propose(prefix, date);
      try {
        return await receive(caseNo);
      } catch (error) {
        const numberTaken = error instanceof RuleViolation && error.code === 'CASE.ALREADY_EXISTS';
        if (!numberTaken) this.release(prefix, date, caseNo);
        if (!numberTaken) throw error;
        // Never a refusal for contention (issue 26): each clash means another receipt got that number, so the receipts
        // as a whole progress. Past a few clashes in a row (API processes taking each other's numbers in flight), a short
        // random pause breaks the symmetry.
        if (clash >= CLASHES_BEFORE_PAUSE) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, clash * 2)));
        await this.skipTaken(prefix, date, caseNo);
      }
    }
  }

  /**
   * A refused receipt gives its number back: the next draw takes it (numbers stay continuous
   * even when later ones were handed out meanwhile, at the price of strict order of receipt).
   */
  private release(prefix: string, date: LocalDate, caseNo: string): void {
    const key = `${prefix}/${date}`;
    const sequence = sequenceOf(caseNo);
    if (this.next.get(key) === sequence + 1) {
      this.next.set(key, sequence);
      return;
    }
    const back = this.given.get(key) ?? [];
    back.push(sequence);
    back.sort((a, b) => a - b);
    this.given.set(key, back);
  }

  /**
   * Called when a proposed number turned out to be taken (another instance got there first):
   * the next proposal is the first free number after it, found by the same search as at
   * start, so a run of numbers the other instance took costs one clash, not one per number.
   */
  private async skipTaken(prefix: string, date: LocalDate, caseNo: string): Promise<void> {
    const key = `${prefix}/${date}`;
    const free = await this.firstFree(prefix, date, sequenceOf(caseNo));
    this.next.set(key, Math.max(this.next.get(key) ?? 1, free));
  }

  /** The first number after `taken` (a number known to exist, 0 for none) whose case does not exist: doubling steps, then bisection. */
  private async firstFree(prefix: string, date: LocalDate, taken = 0): Promise<number> {
    const exists = async (n: number) => (await this.store.readStream(caseStreamId(CaseNumbers.format(prefix, date, n)))).length > 0;
    let known = taken;
    let step = 1;
    let probe = known + step;
    while (await exists(probe)) {
      known = probe;
      step *= 2;
      probe = known + step;
    }
    while (probe - known > 1) {
      const middle = Math.floor((known + probe) / 2);
      if (await exists(middle)) known = middle;
      else probe = middle;
    }
    return probe;
  }
}

function sequenceOf(caseNo: string): number {
  return Number(caseNo.slice(caseNo.lastIndexOf('-') + 1));
}
