export * from './fee-catalog.decider';
export * from './service-item';
export * from './service-item.decider';
