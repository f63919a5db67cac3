export * from './bank-receipt.decider';
