import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloDriverConfig } from '@nestjs/apollo';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { ErrorCode } from '../errors/domain-error';
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
    plugins: [
      ...protection.plugins,
      controlCharacterPlugin<GraphqlContext>(),
      operationCostPlugin<GraphqlContext>(),
      unavailableStatusPlugin<GraphqlContext>(),
    ],
    validationRules: [...protection.validationRules],
    formatError: createGraphqlErrorFormatter(log.child({ context: 'graphql' }), unavailable),
    // The fastify integration calls context(request, reply).
    context: (request: FastifyRequest): GraphqlContext => ({
      requestId: String(request.id),
      loaders: new RequestLoaders(),
    }),
  };
}

/**
 * An answer with no data whose every error is SERVICE_UNAVAILABLE goes out as HTTP 503, so load
 * balancers, monitors and clients see what it is without reading the body.
 */
export function unavailableStatusPlugin<T extends GraphqlContext>(): ApolloServerPlugin<T> {
  return {
    requestDidStart() {
      return Promise.resolve({
        willSendResponse({ response }) {
          if (response.body.kind !== 'single') return Promise.resolve();
          const { data, errors } = response.body.singleResult;
          const down = errors?.length && errors.every((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE);
          if (down && (data === null || data === undefined)) response.http.status = 503;
          return Promise.resolve();
        },
      });
    },
  };
}
