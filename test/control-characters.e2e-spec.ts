import { bearer, createTestApp, donorLogin, loginAs, TestApp } from '@shanchou/test';
import {
  buildSchema,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isRequiredArgument,
  isRequiredInputField,
  getNamedType,
} from 'graphql';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { literal } from './support/schema-walk';

/**
 * The property over the whole schema (issue 15 item 6): every query and mutation of schema.gql
 * with a string anywhere in its arguments (directly, inside input objects, in lists, in a
 * DateTime or a JSONObject) refuses a NUL byte there with BAD_USER_INPUT naming that argument
 * path, sent as a variable and written inline, by a district admin, a donor and nobody, and the
 * database holds exactly what it held before. Nothing names a field: one added later is tried too.
 */
const schema = buildSchema(readFileSync(path.resolve(__dirname, '..', 'schema.gql'), 'utf8'));

const NUL = 'x\u0000y';
/** Scalars whose values are numbers or booleans: no text to carry a control character. */
const NOT_TEXT = new Set(['Int', 'Float', 'Boolean', 'SafeInt']);
/** Scalars of JSON objects: the NUL goes in a property (`.note`). */
const JSON_OBJECT = new Set(['JSONObject']);
/** How deep input objects are followed (one referring to itself stops here). */
const MAX_INPUT_DEPTH = 4;

/** One place a string can go: the argument path from the root field's arguments. */
interface Target {
  kind: 'query' | 'mutation';
  field: string;
  /** `input.lines.0.name`, as the refusal names it. */
  expected: string;
  /** Argument name → the value sent (the NUL at the target, dummies for what is required). */
  args: Map<string, unknown>;
}

/** A valid value of the type with only what is required, so the operation is otherwise well formed. */
function dummy(type: GraphQLInputType, depth = 0): unknown {
  if (isNonNullType(type)) return dummy(type.ofType, depth);
  if (isListType(type)) return [dummy(type.ofType, depth)];
  if (isEnumType(type)) return type.getValues()[0].value as unknown;
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (isRequiredInputField(f)) out[f.name] = dummy(f.type, depth + 1);
    }
    return out;
  }
  switch (type.name) {
    case 'Int':
    case 'Float':
    case 'SafeInt':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTime':
      return '2027-01-01T00:00:00.000Z';
    case 'JSONObject':
      return {};
    default:
      return '1';
  }
}

/** Every path inside a type where text goes, with the value that puts the NUL there. */
function textPaths(
  type: GraphQLInputType,
  depth = 0,
  seen: readonly string[] = [],
): { path: string[]; value: unknown }[] {
  if (isNonNullType(type)) return textPaths(type.ofType, depth, seen);
  if (isListType(type)) {
    return textPaths(type.ofType, depth, seen).map((p) => ({ path: ['0', ...p.path], value: [p.value] }));
  }
  if (isEnumType(type)) return [];
  if (isInputObjectType(type)) {
    if (depth >= MAX_INPUT_DEPTH || seen.includes(type.name)) return [];
    const base = dummy(type) as Record<string, unknown>;
    return Object.values(type.getFields()).flatMap((f) =>
      textPaths(f.type, depth + 1, [...seen, type.name]).map((p) => ({
        path: [f.name, ...p.path],
        value: { ...base, [f.name]: p.value },
      })),
    );
  }
  if (NOT_TEXT.has(type.name)) return [];
  if (JSON_OBJECT.has(type.name)) return [{ path: ['note'], value: { note: NUL } }];
  return [{ path: [], value: NUL }];
}

function targetsOf(schema: GraphQLSchema): Target[] {
  const out: Target[] = [];
  const roots: ['query' | 'mutation', Record<string, GraphQLField<unknown, unknown>>][] = [
    ['query', schema.getQueryType()?.getFields() ?? {}],
    ['mutation', schema.getMutationType()?.getFields() ?? {}],
  ];
  for (const [kind, fields] of roots) {
    for (const field of Object.values(fields)) {
      for (const arg of field.args) {
        for (const p of textPaths(arg.type)) {
          const args = new Map<string, unknown>();
          for (const other of field.args) {
            if (other.name === arg.name) args.set(arg.name, p.value);
            else if (isRequiredArgument(other)) args.set(other.name, dummy(other.type));
          }
          out.push({ kind, field: field.name, expected: [arg.name, ...p.path].join('.'), args });
        }
      }
    }
  }
  return out;
}

function rootField(target: Target): GraphQLField<unknown, unknown> {
  const type = target.kind === 'query' ? schema.getQueryType() : schema.getMutationType();
  const field = type?.getFields()[target.field];
  if (!field) throw new Error(`no ${target.kind} field ${target.field}`);
  return field;
}

function selection(type: GraphQLNamedType): string {
  return isLeafType(type) ? '' : ' { __typename }';
}

/** The operation with every argument a variable: `mutation($input: X!) { f(input: $input) { __typename } }`. */
function withVariables(target: Target): { query: string; variables: Record<string, unknown> } {
  const field = rootField(target);
  const given = field.args.filter((a) => target.args.has(a.name));
  const definitions = given.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = given.map((a) => `${a.name}: $${a.name}`).join(', ');
  return {
    query: `${target.kind}${definitions ? `(${definitions})` : ''} { ${field.name}${call ? `(${call})` : ''}${selection(getNamedType(field.type))} }`,
    variables: Object.fromEntries(target.args),
  };
}

/** The same operation written inline; undefined where a JSONObject cannot be written as a literal of its type here. */
function inline(target: Target): string | undefined {
  const field = rootField(target);
  const given = field.args.filter((a) => target.args.has(a.name));
  try {
    const call = given.map((a) => `${a.name}: ${literal(target.args.get(a.name), a.type)}`).join(', ');
    return `${target.kind} { ${field.name}${call ? `(${call})` : ''}${selection(getNamedType(field.type))} }`;
  } catch {
    return undefined;
  }
}

describe('control characters in every string argument of the schema', () => {
  let t: TestApp;
  let callers: [string, Record<string, string>][];

  /** Every table's rows, hashed: what "nothing was written" means. */
  async function contents(): Promise<Record<string, string>> {
    const db = t.app.get(DataSource);
    const tables = await db.query<{ name: string }[]>(
      "SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const [row] = await db.query<{ h: string | null }[]>(
        `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${name} t`,
      );
      out[name] = row.h ?? 'empty';
    }
    return out;
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
    const admin = await loginAs(t, 'demo-district');
    const donor = await donorLogin(t, 'o-control-characters');
    callers = [
      ['DISTRICT_ADMIN', bearer(admin)],
      ['donor', bearer(donor.token)],
      ['anonymous', {}],
    ];
  });
  afterAll(() => t?.close());

  it('generates a target for every root field that takes text, with the well-known ones among them', () => {
    const targets = targetsOf(schema);
    const names = new Set(targets.map((x) => `${x.field} ${x.expected}`));
    for (const known of [
      'createDonation input.message',
      'login username',
      'login password',
      'registerItem input.description',
      'registerVolunteer input.skills.0',
      'createEvent input.startsAt',
    ]) {
      expect(names).toContain(known);
    }
    expect(targets.length).toBeGreaterThan(100);
  });

  it('refuses a NUL at each of them with BAD_USER_INPUT naming the argument path, and writes nothing', async () => {
    const before = await contents();
    // The demo seed is there to be overwritten: regions, staff, campaigns, households, events.
    expect(Object.values(before).filter((h) => h !== 'empty').length).toBeGreaterThan(10);
    const targets = targetsOf(schema);
    const wrong: string[] = [];
    let sent = 0;
    const check = (how: string, target: Target, res: Awaited<ReturnType<TestApp['gql']>>) => {
      sent++;
      const [first] = res.errors ?? [];
      const ok =
        res.status === 400 &&
        res.errors?.length === 1 &&
        first.extensions?.code === 'BAD_USER_INPUT' &&
        first.extensions.field === target.expected &&
        first.message.includes(target.expected) &&
        first.message.includes('控制字符') &&
        res.data === undefined;
      if (!ok) wrong.push(`${target.field} ${target.expected} (${how}): ${res.status} ${JSON.stringify(res.errors)}`);
    };
    // A few at a time: every answer is refused before it runs, so they are quick.
    const queue = [...targets];
    const worker = async () => {
      for (let target = queue.shift(); target; target = queue.shift()) {
        const { query, variables } = withVariables(target);
        for (const [role, headers] of callers)
          check(`variables, ${role}`, target, await t.gql(query, variables, headers));
        const written = inline(target);
        if (written) check('inline, DISTRICT_ADMIN', target, await t.gql(written, {}, callers[0][1]));
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    expect(wrong).toEqual([]);
    expect(sent).toBeGreaterThan(targets.length * 3);
    expect(await contents()).toEqual(before);
  });

  it('takes tab, line feed and carriage return, and the same text without the NUL goes through', async () => {
    const res = await t.gql<{ registerVolunteer: { name: string } }>(
      'mutation($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { name } }',
      { input: { name: '王\t小明', phone: '13800000000', skills: ['急救\r\n护理'] } },
      callers[1][1],
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.registerVolunteer.name).toBe('王\t小明');
  });
});
