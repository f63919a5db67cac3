import { UnprocessableEventError } from '../messaging.errors';

/**
 * What a contract field must hold: a JSON type, one of a list of words, or a check of its own
 * (nested values) with the words an error message uses for it.
 */
export type Field =
  | 'string' | 'string|null' | 'number' | 'boolean'
  | readonly string[]
  | { readonly check: (value: unknown) => boolean; readonly description: string };

/** A parsed event of a contract: switch on `type` and `data` is typed. */
export interface TypedPayload<TType extends string, TData> {
  readonly type: TType;
  readonly data: TData;
}

/** A type's required fields; extra fields are allowed (a v1 payload may grow, never shrink). */
export type PayloadSchema = Readonly<Record<string, Field>>;

/**
 * Checks a received payload against its type's schema and the subject it was sent under;
 * throws `UnprocessableEventError` (the consumer dead-letters it) when the contract is broken.
 */
export function checkPayload(type: string, data: unknown, schema: PayloadSchema, subjectField: string, subject: string): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UnprocessableEventError(`${type}: data is not a JSON object`);
  }
  const record = data as Record<string, unknown>;
  for (const [field, expected] of Object.entries(schema)) {
    if (!matches(record[field], expected)) {
      throw new UnprocessableEventError(`${type}: field ${field} must be ${describe(expected)}, got ${JSON.stringify(record[field])}`);
    }
  }
  if (record[subjectField] !== subject) {
    throw new UnprocessableEventError(`${type}: data.${subjectField} ${String(record[subjectField])} differs from subject ${subject}`);
  }
  return record;
}

export function matches(value: unknown, expected: Field): boolean {
  if (Array.isArray(expected)) return typeof value === 'string' && expected.includes(value);
  if (typeof expected === 'object') return (expected as Exclude<Field, string | readonly string[]>).check(value);
  switch (expected) {
    case 'string': return typeof value === 'string' && value.length > 0;
    case 'string|null': return value === null || (typeof value === 'string' && value.length > 0);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    default: return false;
  }
}

function describe(expected: Field): string {
  if (Array.isArray(expected)) return `one of ${expected.join(', ')}`;
  if (typeof expected === 'object') return (expected as Exclude<Field, string | readonly string[]>).description;
  return String(expected);
}
