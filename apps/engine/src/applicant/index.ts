export { APPLICANT } from './applicant.module';
