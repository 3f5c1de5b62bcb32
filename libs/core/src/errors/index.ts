export * from './domain-error';
export * from './validation';
export * from './graphql-error-formatter';
export * from './domain-error.filter';
export * from './control-characters';
export * from './dependency-failure';
export * from './unavailable-log';
export * from './yuan';
