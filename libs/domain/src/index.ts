export * from './shared';
export * from './calendar';
export * from './catalog';
export * from './organization';
export * from './case';
export * from './supervision';
export * from './assessment';
