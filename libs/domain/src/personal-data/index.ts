export * from './personal-data.types';
export * from './masking';
export * from './personal-data-erasure';
export * from './recorded-applicant';
