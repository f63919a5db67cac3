/**
 * How a broken rule should be answered at the edge:
 * - `conflict` (409): the command does not fit the current state (already completed, not suspended…);
 * - `unprocessable` (422): the command itself breaks a rule (limit too long, fee not in the catalog…);
 * - `not-found` (404): the command names something that does not exist.
 */
export type RuleViolationKind = 'conflict' | 'unprocessable' | 'not-found';

/** A named business rule was broken. `code` is stable and part of the API contract. */
export class RuleViolation extends Error {
  constructor(
    readonly code: string,
    readonly rule: string,
    message: string,
    readonly kind: RuleViolationKind = 'unprocessable',
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'RuleViolation';
  }
}

/** A rule is a named check: it throws a RuleViolation when broken. */
export function rule(
  name: string,
  code: string,
  kind: RuleViolationKind,
  holds: boolean,
  message: string,
  details?: Record<string, unknown>,
): void {
  if (!holds) throw new RuleViolation(code, name, message, kind, details);
}
