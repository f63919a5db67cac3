import type { Actor } from '@gov/event-store';

/** Who sent a command, when it takes effect, and how a retry is recognised. */
export interface CommandMeta {
  /** Normalised ISO instant (`Date.prototype.toISOString`), so stored times compare as strings. */
  readonly now: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly actor: Actor;
  /** The caller's binding (department, window, channel, sub-center), for checks that need the record (auth/record-scope.ts). */
  readonly scope?: { readonly role: string; readonly departmentId?: string; readonly windowId?: string; readonly channel?: string; readonly subCenterId?: string };
  readonly idempotency?: { readonly key: string; readonly requestHash: string };
}

/** What a command answers: the HTTP status and body, stored with an idempotent command's events. */
export interface CommandResponse<TBody = unknown> {
  readonly status: number;
  readonly body: TBody;
}
