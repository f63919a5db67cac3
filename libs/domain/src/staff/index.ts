export * from './staff.decider';
export * as staffRules from './staff.rules';
