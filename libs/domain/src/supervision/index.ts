export * from './supervision-notice.decider';
export * from './supervision-visit.decider';
