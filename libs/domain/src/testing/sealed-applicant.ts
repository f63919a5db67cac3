import type { Applicant } from '../case';
import { maskName } from '../personal-data';

/** An applicant as the handler hands them to `decide`: sealed (the ciphertext is a stand-in; the domain never opens it). */
export function sealedApplicant(name: string, personId = `person-${name}`): Applicant {
  return { kind: 'person', personId, maskedName: maskName(name), sealed: `sealed:${personId}` };
}
