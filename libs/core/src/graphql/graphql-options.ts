import { ApolloDriverConfig } from '@nestjs/apollo';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { createGraphqlErrorFormatter } from '../errors/graphql-error-formatter';
import { RootLogger } from '../logging/logger';
import { GRAPHQL_PARSE_OPTIONS, limitProtection, operationCostPlugin } from './operation-limits';
import { GraphqlContext, RequestLoaders } from './request-loaders';

export function graphqlOptions(config: AppConfig, log: RootLogger): ApolloDriverConfig {
  const protection = limitProtection({ blockFieldSuggestion: config.isProduction });
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    playground: false,
    introspection: !config.isProduction,
    includeStacktraceInErrorResponses: false,
    parseOptions: GRAPHQL_PARSE_OPTIONS,
    plugins: [...protection.plugins, operationCostPlugin<GraphqlContext>()],
    validationRules: [...protection.validationRules],
    formatError: createGraphqlErrorFormatter(log.child({ context: 'graphql' })),
    // The fastify integration calls context(request, reply).
    context: (request: FastifyRequest): GraphqlContext => ({
      requestId: String(request.id),
      loaders: new RequestLoaders(),
    }),
  };
}
