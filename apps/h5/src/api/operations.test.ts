// @vitest-environment node
import { buildSchema, parse, validate } from 'graphql';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as goods from '../goods/operations';
import * as outreach from '../outreach/operations';
import * as core from './operations';

/** Every operation the pages send is valid against the committed public contract, schema.gql. */
const schema = buildSchema(readFileSync(fileURLToPath(new URL('../../../../schema.gql', import.meta.url)), 'utf8'));

const documents: [string, string][] = Object.entries({ ...core, ...outreach, ...goods }).flatMap(([name, value]) =>
  typeof value === 'string' && /^\s*(query|mutation)\b/.test(value) ? [[name, value] as [string, string]] : [],
);

describe('the pages’ GraphQL operations', () => {
  it('are many', () => {
    expect(documents.length).toBeGreaterThan(50);
  });

  it.each(documents)('%s is valid against schema.gql', (_name, document) => {
    expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });
});
