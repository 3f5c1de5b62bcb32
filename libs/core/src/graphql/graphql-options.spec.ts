import { GraphQLError } from 'graphql';
import { AppConfig } from '../config/app-config';
import { NotFoundError } from '../errors/domain-error';
import { createGraphqlErrorFormatter } from '../errors/graphql-error-formatter';
import { captureLogs, productionEnv } from '@shanchou/test';
import { graphqlOptions } from './graphql-options';
import { SafeInt } from './scalars';

const production = AppConfig.from(productionEnv());

describe('GraphQL options', () => {
  it('turns introspection off in production and on in development', () => {
    const { log } = captureLogs('silent');
    expect(graphqlOptions(production, log).introspection).toBe(false);
    expect(graphqlOptions(AppConfig.from({}), log).introspection).toBe(true);
    expect(graphqlOptions(production, log).includeStacktraceInErrorResponses).toBe(false);
  });
});

describe('error formatter', () => {
  function format(raw: unknown) {
    const { log, lines } = captureLogs('error');
    const formatted = createGraphqlErrorFormatter(log)({ message: 'raw', path: ['regions'] }, raw);
    return { formatted, lines };
  }

  it('gives a domain error its code, message and field', () => {
    const { formatted, lines } = format(new NotFoundError('Region', '370499', 'parentCode'));
    expect(formatted).toMatchObject({
      message: 'parentCode: 找不到地区 370499',
      extensions: { code: 'NOT_FOUND', field: 'parentCode' },
    });
    expect(lines).toHaveLength(0);
  });

  it('hides an unexpected error behind INTERNAL_SERVER_ERROR and logs it', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const { formatted, lines } = format(new GraphQLError('wrapped', { originalError: bug }));
    expect(formatted).toEqual({
      message: '服务器内部出错，请稍后重试',
      path: ['regions'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(formatted)).not.toContain('reading');
    expect(lines[0]).toMatchObject({ level: 'error', err: { message: bug.message } });
  });
});

describe('SafeInt', () => {
  it('carries fen up to 2^53 - 1 and refuses floats and larger numbers', () => {
    expect(SafeInt.serialize(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => SafeInt.parseValue(2 ** 53)).toThrow();
    expect(() => SafeInt.parseValue(1.5)).toThrow();
  });
});
