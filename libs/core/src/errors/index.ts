export * from './domain-error';
export * from './validation';
export * from './graphql-error-formatter';
export * from './domain-error.filter';
