import { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { createGraphqlErrorFormatter } from '../errors/graphql-error-formatter';
import { RootLogger } from '../logging/logger';
import { GraphqlContext, RequestLoaders } from './request-loaders';

/** Limits every query must pass before it runs (graphql-armor). */
export const GRAPHQL_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
  maxCost: 5000,
} as const;

export function graphqlOptions(config: AppConfig, log: RootLogger): ApolloDriverConfig {
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, exposeLimits: true, flattenFragments: true },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases, exposeLimits: true },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives, exposeLimits: true },
    maxTokens: { n: GRAPHQL_LIMITS.maxTokens, exposeLimits: true },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost, exposeLimits: true },
    // Field suggestions ("did you mean …") would map the private schema out.
    blockFieldSuggestion: { enabled: config.isProduction },
  });
  const protection = armor.protect();
  return {
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    playground: false,
    introspection: !config.isProduction,
    includeStacktraceInErrorResponses: false,
    plugins: [...protection.plugins],
    validationRules: [...protection.validationRules],
    formatError: createGraphqlErrorFormatter(log.child({ context: 'graphql' })),
    // The fastify integration calls context(request, reply).
    context: (request: FastifyRequest): GraphqlContext => ({
      requestId: String(request.id),
      loaders: new RequestLoaders(),
    }),
  };
}
