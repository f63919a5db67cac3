export * from './annual-assessment';
