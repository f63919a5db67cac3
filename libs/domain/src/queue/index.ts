export * from './queue-setup.decider';
export * from './ticket-queue.decider';
