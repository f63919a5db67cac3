export * from './organization.decider';
