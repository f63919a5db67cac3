export * from './follow-up.decider';
