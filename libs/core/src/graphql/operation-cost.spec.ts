import { ApolloArmor } from '@escape.tech/graphql-armor';
import fc from 'fast-check';
import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { operationCost } from './operation-cost';
import { checkOperationLimits, GRAPHQL_LIMITS } from './operation-limits';

const schema = buildSchema(`
  type Query {
    item(code: String!): Item
    items(first: Int! = 100, after: String): [Item!]!
    ledger(first: Int, last: Int): [Entry!]!
    node: Node
  }
  type Mutation { pack(codes: [String!]!): Parcel! }
  type Item { code: String! quantity: Int! node: Node parcel: Parcel }
  type Parcel { code: String! items(first: Int! = 20): [Item!]! node: Node }
  type Node { id: ID! name: String! }
  type Entry { seq: Int! amountFen: Int }
`);

/** What graphql-armor's cost rule (the server's rule until now) finds for a query. */
function armorCost(query: string): number {
  let found = Number.NaN;
  const rules = new ApolloArmor({
    costLimit: { maxCost: 0, onReject: [(_ctx, err) => (found = Number(/found (\d+(\.\d+)?)/.exec(err.message)![1]))] },
    maxDepth: { enabled: false },
    maxAliases: { enabled: false },
    maxDirectives: { enabled: false },
    maxTokens: { enabled: false },
  }).protect().validationRules;
  validate(schema, parse(query), rules);
  return found;
}

/** Random selections over the schema above, with literal page sizes: what both rules can weigh. */
const itemSelection: fc.Memo<string> = fc.memo((n) =>
  fc
    .uniqueArray(
      fc.oneof(
        fc.constant('code'),
        fc.constant('quantity'),
        fc.constant('node { id name }'),
        ...(n > 1 ? [parcelSelection(n - 1).map((s) => `parcel { ${s} }`)] : []),
      ),
      { minLength: 1, maxLength: 4 },
    )
    .map((fields) => fields.join(' ')),
);
const parcelSelection: fc.Memo<string> = fc.memo((n) =>
  fc
    .uniqueArray(
      fc.oneof(
        fc.constant('code'),
        fc.constant('node { name }'),
        fc.tuple(fc.integer({ min: 1, max: 50 }), itemSelection(n)).map(([k, s]) => `items(first: ${k}) { ${s} }`),
      ),
      { minLength: 1, maxLength: 3 },
    )
    .map((fields) => fields.join(' ')),
);
const literalQuery = fc
  .tuple(fc.integer({ min: 1, max: 300 }), itemSelection(3), itemSelection(2))
  .map(([k, a, b]) => `{ items(first: ${k}) { ${a} } item(code: "IT-1") { ${b} } }`);

describe('operation cost', () => {
  it('weighs a query with literal page sizes exactly as graphql-armor does', () => {
    fc.assert(
      fc.property(literalQuery, (query) => {
        expect(operationCost(schema, parse(query))).toBe(armorCost(query));
      }),
      { numRuns: 300 },
    );
  });

  it('multiplies by a page size given as a variable, as the variable’s default, or left to the argument’s default', () => {
    const perItem = operationCost(schema, parse('{ items(first: 1) { code node { name } } }'));
    const asVariable = parse('query($n: Int!) { items(first: $n) { code node { name } } }');
    expect(operationCost(schema, asVariable, { n: 40 })).toBe(40 * perItem);
    expect(operationCost(schema, parse('query($n: Int! = 7) { items(first: $n) { code node { name } } }'))).toBe(
      7 * perItem,
    );
    expect(operationCost(schema, parse('{ items { code node { name } } }'))).toBe(100 * perItem);
    // graphql-armor saw none of these: every one of them cost it the same as one item.
    expect(armorCost('query($n: Int!) { items(first: $n) { code node { name } } }')).toBe(perItem);
  });

  it('reads `last` when there is no `first`, and counts a nonsense size as one (the variable is refused later)', () => {
    const one = operationCost(schema, parse('{ ledger(last: 1) { seq amountFen } }'));
    expect(operationCost(schema, parse('{ ledger(last: 30) { seq amountFen } }'))).toBe(30 * one);
    const q = parse('query($n: Int) { ledger(first: $n) { seq amountFen } }');
    expect(operationCost(schema, q, { n: 'lots' })).toBe(one);
    expect(operationCost(schema, q, { n: -5 })).toBe(one);
    expect(operationCost(schema, q, {})).toBe(one);
  });

  it('counts fragments as if their selections were written in place', () => {
    const inline = '{ items(first: 5) { code parcel { code items(first: 3) { code } } } }';
    const spread = `query { items(first: 5) { ...I } } fragment I on Item { code parcel { ...P } }
      fragment P on Parcel { code items(first: 3) { code } }`;
    const typed = '{ items(first: 5) { ... on Item { code parcel { code ... { items(first: 3) { code } } } } } }';
    expect(operationCost(schema, parse(spread))).toBe(operationCost(schema, parse(inline)));
    expect(operationCost(schema, parse(typed))).toBe(operationCost(schema, parse(inline)));
  });

  it('weighs the named operation of a document with several, and mutations against Mutation', () => {
    const doc = parse('query A { node { id } } mutation B($c: [String!]!) { pack(codes: $c) { items { code } } }');
    expect(operationCost(schema, doc, {}, 'A')).toBe(2 + 1.5);
    expect(operationCost(schema, doc, {}, 'B')).toBe((2 + 1.5 * (2 + 1.5) * 20) * 1);
    expect(operationCost(schema, doc)).toBe(0);
  });

  it('lets introspection through (development tools; it is off in production)', () => {
    expect(operationCost(schema, parse(getIntrospectionQuery()))).toBe(0);
    expect(operationCost(schema, parse('{ __type(name: "Item") { name fields { name } } node { id } }'))).toBe(3.5);
  });
});

describe('checkOperationLimits', () => {
  it('passes an operation within every limit, and names the limit an operation passes', () => {
    expect(checkOperationLimits(schema, 'query($n: Int!) { items(first: $n) { code } }', { n: 10 })).toEqual([]);
    expect(checkOperationLimits(schema, 'query($n: Int!) { items(first: $n) { code } }', { n: 5000 })).toEqual([
      `Query Cost limit of ${GRAPHQL_LIMITS.maxCost} exceeded, found 17500.`,
    ]);
    const deep = `{ item(code: "x") { ${'parcel { items(first: 1) { '.repeat(6)}code${' } }'.repeat(6)} } }`;
    expect(checkOperationLimits(schema, deep)[0]).toMatch(/depth limit of 10 exceeded/);
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: node { id }`).join(' ');
    expect(checkOperationLimits(schema, `{ ${aliases} }`)[0]).toMatch(/Aliases limit of 15 exceeded/);
    expect(checkOperationLimits(schema, `{ node { ${'id '.repeat(2001)} } }`)[0]).toMatch(
      /Token limit of 2000 exceeded/,
    );
    expect(checkOperationLimits(schema, '{ node { population } }')[0]).toContain('population');
  });
});
