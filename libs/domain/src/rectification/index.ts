export * from './rectification.decider';
