import { Applicant, Complainant, maskName, PersonalFields, SealedPersonalData } from '@gov/domain';
import type { PersonalDataVault } from './personal-data-vault';

/** The applicant as a receipt names them, in clear: only ever in memory, on the way to the vault. */
export interface ApplicantInClear {
  readonly kind: 'person' | 'organization';
  readonly name: string;
  readonly idNumber?: string;
  readonly phone?: string;
  readonly address?: string;
}

/** Seals a receipt's applicant: the same ID number, the same person (and key); the event gets the envelope and the masked name. */
export async function sealApplicant(vault: PersonalDataVault, applicant: ApplicantInClear): Promise<Applicant> {
  const fields: PersonalFields = omitAbsent({ name: applicant.name, idNumber: applicant.idNumber, phone: applicant.phone, address: applicant.address });
  const sealed = await vault.seal(fields, applicant.idNumber ?? null);
  return { kind: applicant.kind, maskedName: maskName(applicant.name), ...sealed };
}

/** Seals a complainant; an engine-opened file has no one to seal. */
export async function sealComplainant(vault: PersonalDataVault, complainant: Complainant): Promise<SealedPersonalData | null> {
  if (complainant.kind === 'system') return null;
  const fields = complainant.kind === 'named'
    ? omitAbsent({ name: complainant.name, contact: complainant.contact, idNumber: complainant.idNumber })
    : { contact: complainant.contact };
  return vault.seal(fields, complainant.kind === 'named' ? complainant.idNumber ?? null : null);
}

function omitAbsent(fields: Record<keyof PersonalFields, string | undefined> | Partial<Record<keyof PersonalFields, string | undefined>>): PersonalFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as PersonalFields;
}
