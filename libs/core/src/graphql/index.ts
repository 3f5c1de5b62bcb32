export * from './scalars';
export * from './request-loaders';
export * from './graphql-options';
