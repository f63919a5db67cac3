import fc from 'fast-check';

/** A request body as the fuzz tests send it. */
export type Body = Record<string, unknown>;

/**
 * Bodies that differ from a valid `body` in one place: a field (possibly nested) replaced by a
 * bad value, removed, or an unknown field added. `specialValues` are the endpoint family's own
 * near-misses (impossible dates, enum values of other fields).
 */
export function bodyMutation(body: Body, specialValues: readonly unknown[]): fc.Arbitrary<unknown> {
  const badValue = fc.oneof(fc.anything(), fc.string({ minLength: 5_000, maxLength: 20_000 }), fc.constantFrom(...specialValues));
  return fc.tuple(fc.constantFrom(...paths(body)), fc.constantFrom('replace', 'delete', 'add'), badValue, fc.string({ minLength: 1, maxLength: 12 }))
    .map(([path, kind, value, extraKey]) => mutate(body, path, kind, value, extraKey));
}

function paths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const own = Object.entries(value as Body).flatMap(([key, child]) => paths(child, [...prefix, key]));
  return prefix.length === 0 ? own : [prefix, ...own];
}

function mutate(body: Body, path: string[], kind: string, value: unknown, extraKey: string): unknown {
  const copy = structuredClone(body) as Body;
  let parent: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  const last = path[path.length - 1];
  if (kind === 'delete') delete parent[last];
  else if (kind === 'add') parent[`${extraKey}_x`] = value;
  else parent[last] = value;
  return copy;
}
