import type { Applicant } from '../case';
import { maskName } from './masking';

/**
 * Upcasts the applicant of a stored CaseReceived. Receipts recorded before the personal-data
 * vault (schema 1: `{ kind, name, idNumber?, phone? }` in clear) have no key to open; they are
 * read as their masked name alone, with no person, and never shown in clear. Stored events are
 * never rewritten, so such a store still holds those fields in clear: README "Personal data".
 */
export function recordedApplicant(recorded: unknown): Applicant {
  const applicant = recorded as Partial<Applicant> & { readonly name?: string };
  if (typeof applicant.sealed === 'string' && typeof applicant.personId === 'string') return applicant as Applicant;
  return { kind: applicant.kind ?? 'person', personId: '', sealed: '', maskedName: maskName(applicant.name ?? '') };
}
