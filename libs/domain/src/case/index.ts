export * from './case.types';
export * from './case.events';
export * from './case.commands';
export * from './case.evolve';
export * from './case.deadline';
export * from './case.decider';
export * from './case.fees';
export * as caseRules from './case.rules';
export * from './case.legal-steps';
