import {
  Applicant, maskAddress, maskContact, maskIdNumber, maskName, maskPhone, PersonalFields, recordedApplicant, RecordedComplainant,
} from '@gov/domain';
import type { PersonalDataVault } from './personal-data-vault';
import type { Shown } from './personal-data.entitlement';

/** Personal fields as an answer shows them; a field the person did not give is null, and so is every field once erased. */
export interface PersonalFieldsView {
  readonly shown: Shown;
  readonly personId: string | null;
  readonly name: string | null;
  readonly idNumber: string | null;
  readonly phone: string | null;
  readonly address: string | null;
  readonly contact: string | null;
}

const MASKS: { readonly [K in keyof Required<PersonalFields>]: (value: string) => string } = {
  name: maskName, idNumber: maskIdNumber, phone: maskPhone, address: maskAddress, contact: maskContact,
};

/** The fields in clear or masked, as the caller is entitled: the one place masking is applied to an answer. */
export function fieldsView(personId: string | null, fields: PersonalFields | null, clear: boolean): PersonalFieldsView {
  if (!fields) return { shown: 'erased', personId, name: null, idNumber: null, phone: null, address: null, contact: null };
  const show = (key: keyof PersonalFields) => {
    const value = fields[key];
    return value === undefined ? null : clear ? value : MASKS[key](value);
  };
  return {
    shown: clear ? 'clear' : 'masked', personId,
    name: show('name'), idNumber: show('idNumber'), phone: show('phone'), address: show('address'), contact: show('contact'),
  };
}

/** A case's applicant for an answer. Receipts from before the vault have no key: their masked name alone, never in clear. */
export async function applicantView(vault: PersonalDataVault, recorded: unknown, clear: boolean) {
  const applicant: Applicant = recordedApplicant(recorded);
  const { contact: _none, ...view } = applicant.personId
    ? fieldsView(applicant.personId, await vault.unseal(applicant), clear)
    : { ...fieldsView(null, { name: applicant.maskedName }, false) };
  return { kind: applicant.kind, ...view };
}

/** A complaint's complainant for the discipline window; an engine-opened file names its trigger. */
export async function complainantView(vault: PersonalDataVault, complainant: RecordedComplainant, clear: boolean) {
  if (complainant.kind === 'system') return { kind: complainant.kind, trigger: complainant.trigger };
  const { address: _none, phone: _phone, ...view } = fieldsView(complainant.personId, await vault.unseal(complainant), clear);
  return { kind: complainant.kind, ...view };
}
