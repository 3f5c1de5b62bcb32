import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { DocumentNode, GraphQLError, GraphQLSchema, parse, ParseOptions, specifiedRules, validate } from 'graphql';
import { operationCost } from './operation-cost';

/** Limits every operation must pass before it runs. */
export const GRAPHQL_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
  maxCost: 5000,
} as const;

/**
 * Tokens: graphql's own parser stops at the limit, so Apollo answers 400 like any document that
 * does not parse (graphql-armor's token plugin threw from a plugin hook, which Apollo answers 500).
 */
export const GRAPHQL_PARSE_OPTIONS: ParseOptions = { maxLexicalTokens: GRAPHQL_LIMITS.maxTokens };

const TOKEN_LIMIT_REFUSAL = /^Syntax Error: Document contains more that \d+ tokens\./;

/** The parser's refusal of a document over the token limit, in the words of the other limits. */
export function tokenLimitMessage(parseError: string): string | undefined {
  return TOKEN_LIMIT_REFUSAL.test(parseError) ? `Token limit of ${GRAPHQL_LIMITS.maxTokens} exceeded.` : undefined;
}

/**
 * Depth, aliases and directives (validation rules), as graphql-armor applies them; its token and
 * cost checks are off: tokens are the parser's (above), and its cost rule cannot see variables
 * (operationCostPlugin).
 */
export function limitProtection(options: { blockFieldSuggestion: boolean }) {
  return new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, exposeLimits: true, flattenFragments: true },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases, exposeLimits: true },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives, exposeLimits: true },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // Field suggestions ("did you mean …") would map the private schema out.
    blockFieldSuggestion: { enabled: options.blockFieldSuggestion },
  }).protect();
}

export function costLimitMessage(cost: number): string {
  return `Query Cost limit of ${GRAPHQL_LIMITS.maxCost} exceeded, found ${cost}.`;
}

/** The cost check, once the operation and its variables are known, before anything runs. */
export function operationCostPlugin<T extends BaseContext>(): ApolloServerPlugin<T> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ schema, document, request, operationName }) {
          const cost = operationCost(schema, document, request.variables ?? {}, operationName ?? undefined);
          if (cost > GRAPHQL_LIMITS.maxCost) {
            throw new GraphQLError(costLimitMessage(cost), {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          return Promise.resolve();
        },
      });
    },
  };
}

/**
 * Every limit the server applies, in its order, to one operation and its variables: what a
 * client can check its own operations against. Returns the refusals (empty when it would run).
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  source: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): string[] {
  let document: DocumentNode;
  try {
    document = parse(source, GRAPHQL_PARSE_OPTIONS);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return [tokenLimitMessage(message) ?? message];
  }
  const { validationRules } = limitProtection({ blockFieldSuggestion: false });
  const invalid = validate(schema, document, [...specifiedRules, ...validationRules]);
  if (invalid.length > 0) return invalid.map((e) => e.message);
  const cost = operationCost(schema, document, variables, operationName);
  return cost > GRAPHQL_LIMITS.maxCost ? [costLimitMessage(cost)] : [];
}
