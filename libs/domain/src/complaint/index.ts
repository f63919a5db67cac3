export * from './complaint.types';
export * from './complaint.events';
export * from './complaint.commands';
export * from './complaint.decider';
export * as complaintRules from './complaint.rules';
