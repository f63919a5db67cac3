export * from './domain-event';
export * from './domain-error';
