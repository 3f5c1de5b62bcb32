import { checkOperationLimits, GRAPHQL_LIMITS } from '@shanchou/core';
import { buildSchema, Kind, parse, visit } from 'graphql';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Every operation the H5 pages send passes the server's own limits (tokens, depth, aliases,
 * directives, cost): a page whose query the server would refuse ("Query Cost limit of 5000
 * exceeded") fails here, not on a phone. The pages write their page sizes into the documents, the
 * only variables a cost depends on, so each document is weighed as it is sent.
 */
const root = path.resolve(__dirname, '..');
const h5 = path.join(root, 'apps/h5/src');
/** The district console (apps/admin) keeps every document in one module too. */
const admin = path.join(root, 'apps/admin/src');
const schema = buildSchema(readFileSync(path.join(root, 'schema.gql'), 'utf8'));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

const sources = [...filesUnder(h5), ...filesUnder(admin)].filter(
  (f) => /\.(ts|vue)$/.test(f) && !/\.test\.ts$/.test(f) && !f.includes('/testing/'),
);
const operationModules = sources.filter((f) => path.basename(f) === 'operations.ts');

/* eslint-disable @typescript-eslint/no-require-imports */
const modules = operationModules.map((file) => require(file) as Record<string, unknown>);
/* eslint-enable @typescript-eslint/no-require-imports */

const documents = modules.flatMap((m) =>
  Object.entries(m).flatMap(([exportName, value]) =>
    typeof value === 'string' && /^\s*(query|mutation)\b/.test(value) ? [{ exportName, source: value }] : [],
  ),
);

function operationName(source: string): string {
  const op = parse(source).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!op || op.kind !== Kind.OPERATION_DEFINITION || !op.name) throw new Error(`an unnamed operation:\n${source}`);
  return op.name.value;
}

/**
 * The variables an operation passes to `first` or `last` of a field with a selection (a list of
 * objects): their size is what its cost depends on. (ledgerConsistencyProof's `first` is a tree
 * size, and its answer a list of strings.)
 */
function pageSizeVariables(source: string): string[] {
  const names: string[] = [];
  visit(parse(source), {
    Field(field) {
      if (!field.selectionSet) return;
      for (const arg of field.arguments ?? []) {
        if ((arg.name.value === 'first' || arg.name.value === 'last') && arg.value.kind === Kind.VARIABLE) {
          names.push(arg.value.name.value);
        }
      }
    },
  });
  return names;
}

describe('the H5 pages’ and the district console’s operations within the server’s limits', () => {
  it('are found in every operations module of the pages', () => {
    expect(operationModules.map((f) => path.relative(h5, f)).sort()).toEqual(
      expect.arrayContaining(['api/operations.ts', 'goods/operations.ts', 'outreach/operations.ts']),
    );
    expect(operationModules.map((f) => path.relative(root, f))).toContain('apps/admin/src/api/operations.ts');
    expect(documents.length).toBeGreaterThan(50);
  });

  it('are all there is: no page writes a GraphQL document of its own', () => {
    const inline = sources
      .filter((f) => path.basename(f) !== 'operations.ts')
      .filter((f) => /[`'"]\s*(query|mutation)\s+[A-Z]\w*\s*[({]/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(root, f));
    expect(inline).toEqual([]);
  });

  it('include every console operation once, by its own name', () => {
    const names = documents.map((d) => operationName(d.source));
    const console = names.filter((n) => n.startsWith('Console'));
    expect(console).toEqual(expect.arrayContaining(['ConsoleLogin', 'ConsoleCreateCampaign', 'ConsoleAuditLog100']));
    expect(new Set(console).size).toBe(console.length);
  });

  it('write every page size into the document, so that what the server weighs is what they send', () => {
    const variable = documents.flatMap(({ source }) =>
      pageSizeVariables(source).map((v) => `${operationName(source)}: $${v}`),
    );
    expect(variable).toEqual([]);
  });

  it.each(documents.map((d) => [operationName(d.source), d] as const))('%s passes the limits', (name, { source }) => {
    expect(checkOperationLimits(schema, source, {}, name)).toEqual([]);
  });

  it('fails an operation made too costly: the stock page asking for 200 items at once, as it did', () => {
    const stock = documents.find((d) => operationName(d.source) === 'ItemPage')!.source;
    const greedy = stock.replace(/first: \d+/, 'first: 200');
    expect(checkOperationLimits(schema, greedy, {}, 'ItemPage')).toEqual([
      expect.stringMatching(new RegExp(`^Query Cost limit of ${GRAPHQL_LIMITS.maxCost} exceeded`)),
    ]);
    // The newest gifts of a campaign page, as they were asked for: 500 entries at a time.
    const recent = documents.find((d) => operationName(d.source) === 'RecentGifts')!.source;
    expect(checkOperationLimits(schema, recent.replace(/first: \d+/, 'first: 500'), {}, 'RecentGifts')).toEqual([
      expect.stringMatching(/^Query Cost limit/),
    ]);
  });
});
