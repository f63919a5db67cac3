import { ForbiddenException } from '@nestjs/common';

/** The part of a caller's token that binds them to objects: a department, a window, a channel, a sub-center. */
export interface CallerScope {
  readonly role: string;
  readonly departmentId?: string;
  readonly windowId?: string;
  readonly channel?: string;
  readonly subCenterId?: string;
}

/** Where a record belongs, as far as scope goes: its department, and for a case the channel (and sub-center) it came in on. */
export interface RecordPlace {
  readonly departmentId: string;
  readonly channel?: string;
  readonly subCenterId?: string | null;
}

/**
 * The checks the access policy cannot make from the request alone, because they need the record:
 * - RecordIsWithinTheCallersDepartment: window staff and department heads act on, and read, their
 *   own department's cases, notices, rectifications and staff only — knowing another
 *   department's number opens nothing;
 * - CaseIsWorkedByTheServiceThatReceivedIt: an integration (the online portal, a sub-center's
 *   system) acts on the cases received on its channel only, and a sub-center's on its own
 *   sub-center's only.
 */
export function outOfScope(caller: CallerScope | undefined, place: RecordPlace, what: string): string | null {
  if (caller?.role === 'window-staff' || caller?.role === 'department-head') {
    return caller.departmentId === place.departmentId ? null : `this token is for department ${caller.departmentId} only; ${what} is ${place.departmentId}'s`;
  }
  if (caller?.role === 'integration' && place.channel !== undefined) {
    if (place.channel !== caller.channel) return `this service acts on cases of the ${caller.channel} channel only; ${what} came in on the ${place.channel} channel`;
    if (caller.channel === 'sub-center' && place.subCenterId !== caller.subCenterId) {
      return `this service acts for sub-center ${caller.subCenterId} only; ${what} was received at ${place.subCenterId}`;
    }
  }
  return null;
}

export function assertInScope(caller: CallerScope | undefined, place: RecordPlace, what: string): void {
  const reason = outOfScope(caller, place, what);
  if (reason !== null) throw new ForbiddenException({ code: 'AUTH.OUT_OF_SCOPE', message: reason });
}

/**
 * The staff member a receipt or a decision is recorded under. A window clerk is their token's
 * subject (the roster then decides what they may do); only a service (the online portal, a
 * sub-center's system) names the staff member who acted, in the body.
 */
export function actingStaffId(actor: { readonly id: string; readonly role: string }, named: string | undefined): string | undefined {
  return actor.role === 'window-staff' ? actor.id : named;
}
