export * from './case.types';
export * from './case.events';
export * from './case.commands';
export * from './case.evolve';
export * from './case.deadline';
export * from './case.decider';
export * as caseRules from './case.rules';
export * from './case.documents';
export * from './case.notifications';
