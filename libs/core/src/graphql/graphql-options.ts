import { ApolloDriverConfig } from '@nestjs/apollo';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { createGraphqlErrorFormatter } from '../errors/graphql-error-formatter';
import { UnavailableLog } from '../errors/unavailable-log';
import { RootLogger } from '../logging/logger';
import { controlCharacterPlugin } from './control-character-check';
import { GRAPHQL_PARSE_OPTIONS, limitProtection, operationCostPlugin } from './operation-limits';
import { GraphqlContext, RequestLoaders } from './request-loaders';

export function graphqlOptions(
  config: AppConfig,
  log: RootLogger,
  unavailable: UnavailableLog = new UnavailableLog(config, log),
): ApolloDriverConfig {
  const protection = limitProtection({ blockFieldSuggestion: config.isProduction });
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    playground: false,
    introspection: !config.isProduction,
    includeStacktraceInErrorResponses: false,
    parseOptions: GRAPHQL_PARSE_OPTIONS,
    plugins: [...protection.plugins, controlCharacterPlugin<GraphqlContext>(), operationCostPlugin<GraphqlContext>()],
    validationRules: [...protection.validationRules],
    formatError: createGraphqlErrorFormatter(log.child({ context: 'graphql' }), unavailable),
    // The fastify integration calls context(request, reply).
    context: (request: FastifyRequest): GraphqlContext => ({
      requestId: String(request.id),
      loaders: new RequestLoaders(),
    }),
  };
}
