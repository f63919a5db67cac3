export * from './read-model-db';
export * from './projection';
export * from './projector';
export * from './cases/case.projection';
export * from './catalog/catalog.projection';
export * from './stats/case-figures';
export * from './stats/open-cases.query';
export * from './deadlines/deadline.projection';
