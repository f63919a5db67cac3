export * from './procedure';
export * from './step.events';
export * from './step.commands';
export * from './step.state';
export * from './step.decider';
export * as stepRules from './step.rules';
export * from './one-window';
export * from './pre-review';
