export { PERSONAL_DATA } from './personal-data.module';
export { PERSONAL_DATA_VAULT, type PersonalDataVault } from './personal-data-vault';
export { sealApplicant, sealComplainant } from './sealing';
export { applicantView, complainantView } from './personal-data.view';
export { mayReadApplicantInClear, mayReadComplainantInClear } from './personal-data.entitlement';
export { personKeyFile } from './personal-data.providers';
