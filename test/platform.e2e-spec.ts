import { GraphQLSchemaHost } from '@nestjs/graphql';
import { renderSchema } from '@shanchou/api';
import { GRAPHQL_LIMITS } from '@shanchou/core';
import { getIntrospectionQuery } from 'graphql';
import { createTestApp, TEST_DATABASE_URL, TEST_REDIS_URL, TestApp } from '@shanchou/test';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

describe('platform', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ logLevel: 'info' });
  });
  afterAll(() => t.close());

  describe('GET /health', () => {
    it('answers 200 once the database (and Redis, when configured) answers', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'ok',
        database: 'up',
        databaseKind: TEST_DATABASE_URL ? 'postgres' : 'pglite',
        redis: TEST_REDIS_URL ? 'up' : 'not configured',
      });
      expect(res.headers['cache-control']).toBe('no-store');
    });
  });

  describe('request ids', () => {
    it('keeps the caller’s X-Request-Id and logs it on the request’s lines', async () => {
      const res = await t.gql('{ regions { code } }', {}, { 'x-request-id': 'lb-7f3a9c21-0001' });
      expect(res.status).toBe(200);
      expect(t.logs.filter((l) => l.requestId === 'lb-7f3a9c21-0001')).toEqual([
        expect.objectContaining({
          level: 'info',
          service: 'api',
          msg: 'request completed',
          req: expect.objectContaining({ method: 'POST', url: '/graphql' }) as unknown,
          res: { statusCode: 200 },
        }),
      ]);
      const health = await t.app.inject({
        method: 'GET',
        url: '/health',
        headers: { 'x-request-id': 'lb-7f3a9c21-2' },
      });
      expect(health.headers['x-request-id']).toBe('lb-7f3a9c21-2');
    });

    it('makes one up when there is none, or when the given one is unsafe', async () => {
      const none = await t.app.inject({ method: 'GET', url: '/health' });
      expect(none.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const unsafe = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'x\u001b[31m' } });
      expect(unsafe.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('GraphQL limits and errors', () => {
    it(`refuses a query deeper than ${GRAPHQL_LIMITS.maxDepth} levels before running it`, async () => {
      let selection = 'code';
      for (let i = 0; i < GRAPHQL_LIMITS.maxDepth + 1; i++) selection = `children { ${selection} }`;
      const res = await t.gql(`{ regions { ${selection} } }`);
      expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(new RegExp(`depth limit of ${GRAPHQL_LIMITS.maxDepth} exceeded`));
    });

    it('accepts a query at the depth limit', async () => {
      let selection = 'code';
      for (let i = 0; i < GRAPHQL_LIMITS.maxDepth - 2; i++) selection = `children { ${selection} }`;
      const res = await t.gql(`{ regions { ${selection} } }`);
      expect(res.errors).toBeUndefined();
    });

    it(`refuses more than ${GRAPHQL_LIMITS.maxAliases} aliases`, async () => {
      const aliases = Array.from({ length: GRAPHQL_LIMITS.maxAliases + 1 }, (_, i) => `a${i}: regions { code }`).join(
        ' ',
      );
      const res = await t.gql(`{ ${aliases} }`);
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(/Aliases limit/i);
    });

    it(`refuses an operation costing more than ${GRAPHQL_LIMITS.maxCost}, also when its page size comes as a variable`, async () => {
      const query = 'query($n: Int!) { items(first: $n) { code category description node { id name } } }';
      const literal = '{ items(first: 500) { code category description node { id name } } }';
      for (const res of [await t.gql(query, { n: 500 }), await t.gql(literal)]) {
        expect(res.status).toBe(400);
        expect(res.data).toBeUndefined();
        expect(res.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
        expect(res.errors![0].message).toMatch(
          new RegExp(`^Query Cost limit of ${GRAPHQL_LIMITS.maxCost} exceeded, found \\d+`),
        );
      }
      // Left to its default of 100 it is within the limit, and goes on to ask who is calling.
      const within = await t.gql('{ items { code category description node { id name } } }');
      expect(within.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('answers a document that does not parse with 400 GRAPHQL_PARSE_FAILED, saying where', async () => {
      const res = await t.gql('{ regions { code }');
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
      expect(res.errors![0].message).toMatch(/^Syntax Error: Expected Name, found <EOF>/);
    });

    it(`refuses a document of more than ${GRAPHQL_LIMITS.maxTokens} tokens with 400, naming the limit`, async () => {
      // 12 tokens around a list of n values.
      const document = (n: number) => `{ items(status: [${'REGISTERED '.repeat(n)}]) { code } }`;
      const over = await t.gql(document(GRAPHQL_LIMITS.maxTokens - 11));
      expect(over.status).toBe(400);
      expect(over.errors).toEqual([
        { message: `Token limit of ${GRAPHQL_LIMITS.maxTokens} exceeded.`, extensions: { code: 'BAD_USER_INPUT' } },
      ]);
      // At the limit it parses, passes the other limits, and goes on to ask who is calling.
      const within = await t.gql(document(GRAPHQL_LIMITS.maxTokens - 12));
      expect(within.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    });

    it('answers the full introspection query outside production (GraphQL tools send it)', async () => {
      const res = await t.gql<{ __schema: { queryType: { name: string } } }>(getIntrospectionQuery());
      expect(res.errors).toBeUndefined();
      expect(res.data!.__schema.queryType.name).toBe('Query');
    });

    it('names an unknown field with 400 GRAPHQL_VALIDATION_FAILED, with no stack trace', async () => {
      const res = await t.gql('{ regions { code population } }');
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
      expect(res.errors![0].message).toContain('population');
      expect(JSON.stringify(res)).not.toMatch(/stacktrace|\.ts:\d+/);
    });

    it('names a variable of the wrong type', async () => {
      const res = await t.gql('query($p: String) { regions(parentCode: $p) { code } }', { p: 370404 });
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toContain('$p');
    });

    it('refuses a body over the size limit', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ query: `{ regions { code } } # ${'x'.repeat(1_100_000)}` }),
      });
      expect(res.statusCode).toBe(413);
    });
  });

  it('has the schema that schema.gql shows (run `npm run schema:generate` after an API change)', () => {
    const committed = readFileSync(path.resolve(__dirname, '../schema.gql'), 'utf8');
    expect(renderSchema(t.app.get(GraphQLSchemaHost).schema)).toBe(committed);
  });
});
