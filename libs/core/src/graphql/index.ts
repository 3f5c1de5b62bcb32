export * from './scalars';
export * from './request-loaders';
export * from './graphql-options';
export * from './operation-cost';
export * from './operation-limits';
