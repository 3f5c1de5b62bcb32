import { checkOperationLimits } from '@shanchou/core';
import {
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isRequiredArgument,
  isScalarType,
} from 'graphql';

/**
 * The schema walk (issue 14 item 6): queries generated from schema.gql, every root field down
 * every object field to a bounded depth, and the answers searched for values the caller must not
 * see. Nothing here names a field of the schema, so a field added later is walked as well.
 */

/** One field of a selection: a leaf, an object field with its own selection, or a fragment (`on`). */
export interface Selection {
  name: string;
  /** The field's arguments, written out: `(first: 5)`. */
  args?: string;
  /** The named type of an object field (or of a fragment). */
  type?: string;
  /** An inline fragment on this type (the members of a union or interface); `name` is empty. */
  on?: string;
  children?: Selection[];
}

export interface WalkLimits {
  /** Field nesting, the root field counting 1. */
  maxDepth: number;
  /** How often one object type may appear on a path (Item → Parcel → Item is twice). */
  maxRepeat: number;
  /** What `first`/`last` of a list field is given, so the cost stays bounded. */
  pageSize: number;
}

/**
 * Depth 5 reaches item(code) { parcel { items { history { actor } } } } and the same under scan;
 * a page of 5 holds every seeded centre's goods, and keeps a list of items deep enough to cost
 * a few operations, not dozens.
 */
export const DEFAULT_WALK_LIMITS: WalkLimits = { maxDepth: 5, maxRepeat: 2, pageSize: 5 };

/**
 * The selection of every field of a type, to the limits. A nested field's page size is the
 * limits'; its other required arguments take the dictionary's first value; a field with one
 * nothing fills is left out (and named in `skipped`, `Type.field`).
 */
export function selectionOf(
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  limits: WalkLimits,
  dictionary: ArgumentDictionary = {},
  skipped?: Set<string>,
  depth = 1,
  onPath: readonly string[] = [type.name],
): Selection[] {
  if (isAbstractType(type)) {
    const out: Selection[] = [{ name: '__typename' }];
    for (const member of schema.getPossibleTypes(type)) {
      const children = selectionOf(schema, member, limits, dictionary, skipped, depth, [...onPath, member.name]);
      if (children.length) out.push({ name: '', on: member.name, type: member.name, children });
    }
    return out;
  }
  if (!isObjectType(type) && !isInterfaceType(type)) return [];
  const out: Selection[] = [];
  const fields = Object.values(type.getFields()).sort((a, b) => a.name.localeCompare(b.name));
  for (const field of fields) {
    const named = getNamedType(field.type);
    const given: string[] = [];
    for (const arg of field.args) {
      if (PAGE_SIZE.has(arg.name) && !isLeafType(named)) given.push(`${arg.name}: ${limits.pageSize}`);
      else if (isRequiredArgument(arg)) {
        const value = (dictionary[arg.name] ?? fallback(arg.type, dictionary))?.[0];
        if (value === undefined) break;
        given.push(`${arg.name}: ${literal(value, arg.type)}`);
      }
    }
    if (field.args.some((a) => isRequiredArgument(a) && !given.some((g) => g.startsWith(`${a.name}:`)))) {
      skipped?.add(`${type.name}.${field.name}`);
      continue;
    }
    const args = given.length ? `(${given.join(', ')})` : undefined;
    if (isLeafType(named)) {
      out.push({ name: field.name, args });
      continue;
    }
    if (depth + 1 > limits.maxDepth) continue;
    if (onPath.filter((n) => n === named.name).length >= limits.maxRepeat) continue;
    const children = selectionOf(schema, named, limits, dictionary, skipped, depth + 1, [...onPath, named.name]);
    if (children.length) out.push({ name: field.name, args, type: named.name, children });
  }
  return out;
}

/** The root fields of Query whose walk reaches `type.field` (Parcel.items): what a change there can affect. */
export function rootFieldsReaching(
  schema: GraphQLSchema,
  limits: WalkLimits,
  type: string,
  field: string,
): Set<string> {
  const reaches = (selection: readonly Selection[], on: string): boolean =>
    selection.some(
      (s) => (on === type && s.name === field) || (s.children && s.type ? reaches(s.children, s.type) : false),
    );
  const out = new Set<string>();
  for (const root of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    const named = getNamedType(root.type);
    if (reaches(selectionOf(schema, named, limits), named.name)) out.add(root.name);
  }
  return out;
}

export function printSelection(selection: readonly Selection[]): string {
  return selection
    .map((s) => {
      if (s.on) return `... on ${s.on} { ${printSelection(s.children ?? [])} }`;
      const head = `${s.name}${s.args ?? ''}`;
      return s.children ? `${head} { ${printSelection(s.children)} }` : head;
    })
    .join(' ');
}

/** One call of a root field with its arguments, as GraphQL literals. */
export interface RootCall {
  field: string;
  /** Argument name → the value given (JSON), in the field's argument order. */
  args: [string, unknown][];
}

export function printCall(schema: GraphQLSchema, call: RootCall): string {
  const field = rootField(schema, call.field);
  if (!call.args.length) return call.field;
  const printed = call.args.map(([name, value]) => {
    const arg = field.args.find((a) => a.name === name);
    if (!arg) throw new Error(`${call.field} has no argument ${name}`);
    return `${name}: ${literal(value, arg.type)}`;
  });
  return `${call.field}(${printed.join(', ')})`;
}

export function printOperation(schema: GraphQLSchema, call: RootCall, selection: readonly Selection[]): string {
  const head = printCall(schema, call);
  return selection.length ? `{ ${head} { ${printSelection(selection)} } }` : `{ ${head} }`;
}

function rootField(schema: GraphQLSchema, name: string): GraphQLField<unknown, unknown> {
  const field = schema.getQueryType()?.getFields()[name];
  if (!field) throw new Error(`Query has no field ${name}`);
  return field;
}

/** A JSON value written as a GraphQL literal of the type. */
export function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null || value === undefined) return 'null';
  if (isNonNullType(type)) return literal(value, type.ofType);
  if (isListType(type)) {
    const items = Array.isArray(value) ? value : [value];
    return `[${items.map((v) => literal(v, type.ofType)).join(', ')}]`;
  }
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      if (!fields[k]) throw new Error(`${type.name} has no field ${k}`);
      return `${k}: ${literal(v, fields[k].type)}`;
    });
    return `{ ${entries.join(', ')} }`;
  }
  if (typeof value === 'string') return isEnumType(type) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`cannot write ${JSON.stringify(value)} as a ${String(type)}`);
}

/** Values to try for arguments, by argument name: the seeded records' codes, ids and regions. */
export type ArgumentDictionary = Record<string, readonly unknown[]>;

/** The dictionary's entry for an ID argument it has no name for. */
export const ANY_ID = '*ID';

/** Arguments that only page a list: given `pageSize`, never tried with the dictionary. */
const PAGE_SIZE = new Set(['first', 'last']);

/**
 * Every call of a root field to try: each required argument from the dictionary (every candidate,
 * every combination); then the optional ones one at a time, the others left out: each candidate
 * the dictionary has for its name, every value of an optional list of an enum (needs of every
 * status), each field of an optional input object the dictionary knows (an audit filter's
 * regionCode). `first`/`last` of a list of objects (a page size) is the page size. Answers
 * undefined when a required argument cannot be filled.
 */
export function callsOf(
  schema: GraphQLSchema,
  fieldName: string,
  dictionary: ArgumentDictionary,
  limits: WalkLimits,
): RootCall[] | undefined {
  const field = rootField(schema, fieldName);
  const returnsObjects = !isLeafType(getNamedType(field.type));
  const fixed: [string, readonly unknown[]][] = [];
  const optional: [string, unknown][] = [];
  for (const arg of field.args) {
    const known = dictionary[arg.name] ? [...dictionary[arg.name]] : undefined;
    if (PAGE_SIZE.has(arg.name) && returnsObjects) {
      fixed.push([arg.name, [limits.pageSize]]);
      continue;
    }
    if (isRequiredArgument(arg)) {
      const candidates = known ?? fallback(arg.type, dictionary);
      if (!candidates?.length) return undefined;
      fixed.push([arg.name, candidates]);
      continue;
    }
    const named = getNamedType(arg.type);
    if (known) for (const v of known) optional.push([arg.name, v]);
    else if (isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type) && isEnumType(named)) {
      optional.push([arg.name, named.getValues().map((v) => v.name)]);
    } else if (isInputObjectType(named)) {
      for (const name of Object.keys(named.getFields())) {
        for (const v of dictionary[name] ?? []) optional.push([arg.name, { [name]: v }]);
      }
    }
  }
  let required: [string, unknown][][] = [[]];
  for (const [name, candidates] of fixed) {
    required = required.flatMap((given) => candidates.map((v) => [...given, [name, v] as [string, unknown]]));
  }
  const order = field.args.map((a) => a.name);
  const inOrder = (args: [string, unknown][]) => args.sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  return required.flatMap((given) => [
    { field: fieldName, args: given },
    ...optional.map((extra) => ({ field: fieldName, args: inOrder([...given, extra]) })),
  ]);
}

/**
 * Values for a required argument the dictionary does not name: an ID gets every id the
 * dictionary lists under `ANY_ID` (a field added later with a new `…Id` argument is walked with
 * all seeded ids), an enum its first value, a boolean true.
 */
function fallback(type: GraphQLInputType, dictionary: ArgumentDictionary): readonly unknown[] | undefined {
  const named = getNamedType(type);
  if (isScalarType(named) && named.name === 'ID') return dictionary[ANY_ID];
  if (isEnumType(named)) return [named.getValues()[0].name];
  if (isScalarType(named) && named.name === 'Boolean') return [true];
  return undefined;
}

/** The refusals that mean "too big": split further, never send. */
const LIMIT_REFUSAL = /limit of \d+ exceeded|Token limit|Query Cost limit|more that \d+ tokens/i;

export function isLimitRefusal(message: string): boolean {
  return LIMIT_REFUSAL.test(message);
}

/**
 * The selection split into parts that each pass the server's limits (checkOperationLimits): the
 * fields packed in order while they fit, a field too big alone split inside itself. Every leaf of
 * the selection is in exactly one part, with the path to it.
 */
export function splitSelection(schema: GraphQLSchema, call: RootCall, selection: Selection[]): Selection[][] {
  const refusals = (sel: Selection[]) => checkOperationLimits(schema, printOperation(schema, call, sel));
  const fits = (sel: Selection[]): boolean => {
    const refused = refusals(sel);
    if (refused.length && !refused.every(isLimitRefusal)) {
      throw new Error(
        `the walk wrote an invalid operation: ${refused.join('; ')}\n${printOperation(schema, call, sel)}`,
      );
    }
    return refused.length === 0;
  };
  const pack = (children: Selection[], wrap: (s: Selection[]) => Selection[]): Selection[][] => {
    if (fits(wrap(children))) return [children];
    const parts: Selection[][] = [];
    let current: Selection[] = [];
    for (const child of children) {
      if (fits(wrap([...current, child]))) {
        current.push(child);
        continue;
      }
      if (current.length) parts.push(current);
      current = [];
      if (fits(wrap([child]))) {
        current = [child];
        continue;
      }
      if (!child.children) {
        throw new Error(`${child.name} alone is over the limits: ${refusals(wrap([child])).join('; ')}`);
      }
      const inner = pack(child.children, (s) => wrap([{ ...child, children: s }]));
      for (const part of inner) parts.push([{ ...child, children: part }]);
    }
    if (current.length) parts.push(current);
    return parts;
  };
  if (!selection.length) return fits([]) ? [[]] : [];
  return pack(selection, (s) => s);
}

/** One string in an answer, where it was and the type of the object holding it. */
export interface Leaf {
  value: string;
  /** JSON path from the root field: item.parcel.items[1].donorName */
  path: string;
  /** Field names from the root field, list indexes left out. */
  fields: string[];
  /** The object type the field belongs to (LedgerEntry for ledger.entries[0].memo). */
  parentType: string;
}

/** Every string of an answer (JSONObject scalars searched inside), with its path and type. */
export function leavesOf(schema: GraphQLSchema, call: RootCall, data: unknown): Leaf[] {
  const out: Leaf[] = [];
  const field = rootField(schema, call.field);
  const walk = (value: unknown, type: GraphQLNamedType, parent: string, path: string, fields: string[]): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, type, parent, `${path}[${i}]`, fields));
      return;
    }
    if (isLeafType(type)) {
      collectScalar(value, parent, path, fields, out);
      return;
    }
    const record = value as Record<string, unknown>;
    const concrete =
      isAbstractType(type) && typeof record.__typename === 'string' ? schema.getType(record.__typename) : type;
    const object = concrete as GraphQLObjectType;
    for (const [key, v] of Object.entries(record)) {
      if (key === '__typename') continue;
      const f = object.getFields()[key];
      if (!f) continue;
      walk(v, getNamedType(f.type), object.name, `${path}.${key}`, [...fields, key]);
    }
  };
  walk(data, getNamedType(field.type), 'Query', call.field, [call.field]);
  return out;
}

function collectScalar(value: unknown, parent: string, path: string, fields: string[], out: Leaf[]): void {
  if (typeof value === 'string') out.push({ value, path, fields, parentType: parent });
  else if (Array.isArray(value)) value.forEach((v, i) => collectScalar(v, parent, `${path}[${i}]`, fields, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectScalar(v, parent, `${path}.${k}`, fields, out);
  }
}

/** The shortest operation that asks for one leaf: what a reader runs to see a leak. */
export function minimalOperation(schema: GraphQLSchema, call: RootCall, fields: string[]): string {
  const inner = fields.slice(1).reduceRight((acc, name) => (acc ? `${name} { ${acc} }` : name), '');
  return inner ? `{ ${printCall(schema, call)} { ${inner} } }` : `{ ${printCall(schema, call)} }`;
}

// ---------------------------------------------------------------------------------------------
// What each caller may see

/** Who calls: a staff member scoped to a region (by its code), a donor, or nobody. */
export type Caller =
  | { role: string; kind: 'staff'; scope: string }
  | { role: string; kind: 'donor'; donor: string }
  | { role: string; kind: 'anonymous' };

/**
 * How one value of a seeded record may be seen. Region codes nest (坛山街道 370404001 is inside
 * 峄城区 370404; its villages 370404001xxx inside it), so "inside the caller's subtree" is a prefix.
 * - `ident`: codes and ids. Staff outside every region of the record must not see them; donors
 *   and anonymous callers may (item codes are public: the ledger and trackGoods show them).
 * - `private`: staff-only values (donor names and phones, staff usernames, volunteer phones,
 *   signatures, notes): only staff with a region of the record in their subtree, and the owners.
 * - `household`: names and identity digits of a 建档立卡贫困户: only its village's and its town's
 *   staff (the district and the auditor see 张*); the owners.
 */
export interface Registration {
  /** Which record, for the report: `item W (吴林街道)`. */
  record: string;
  /** What the value is: `donorName`. */
  what: string;
  /** The regions (codes) the record is or was in: a caller with one of them in its subtree may see it. */
  regions: string[];
  kind: 'ident' | 'private' | 'household';
  /** Donors whose own value it is (their offer's code, their phone). */
  owners?: string[];
  /** Every staff member may see it (a donation's receipt number). */
  anyStaff?: boolean;
  /** Public in any answer (an outreach event's id); checked only as an argument of a staff-only field. */
  public?: boolean;
}

/** Where a value was seen: in an answer, in an answer inside a public record type, or as an argument. */
export type SeenAs = 'data' | 'public-record' | 'argument';

export function maySee(reg: Registration, caller: Caller, seen: SeenAs): boolean {
  if (reg.public && seen !== 'argument') return true;
  switch (caller.kind) {
    case 'staff': {
      if (reg.anyStaff) return true;
      if (reg.kind === 'ident' && seen === 'public-record') return true;
      const inScope = reg.regions.some((r) => r.startsWith(caller.scope));
      // Town and village staff have codes of 9 and 12 digits; the district and the auditor 6.
      if (reg.kind === 'household' && seen !== 'argument') return inScope && caller.scope.length >= 9;
      return inScope;
    }
    case 'donor':
      if (reg.owners?.includes(caller.donor)) return true;
      return seen !== 'argument' && reg.kind === 'ident';
    case 'anonymous':
      return seen !== 'argument' && reg.kind === 'ident';
  }
}

/** The seeded records' identifying values and who may see each; one regular expression finds them all. */
export class Registry {
  private readonly byValue = new Map<string, Registration[]>();
  private pattern?: RegExp;

  add(value: string | null | undefined, reg: Registration): void {
    if (!value) return;
    if (value.length < 3) throw new Error(`${reg.record} ${reg.what}: "${value}" is too short to search for`);
    const list = this.byValue.get(value) ?? [];
    list.push(reg);
    this.byValue.set(value, list);
    this.pattern = undefined;
  }

  registrations(value: string): Registration[] {
    return this.byValue.get(value) ?? [];
  }

  get size(): number {
    return this.byValue.size;
  }

  /** Every value registered with `what` (`id`): the ids to try where an argument is named nowhere. */
  valuesThatAre(what: string): string[] {
    return [...this.byValue].filter(([, regs]) => regs.some((r) => r.what === what)).map(([v]) => v);
  }

  /**
   * The registered values inside a string. Longer values first (demo-town2 before demo-town); an
   * ASCII value only between non-word characters, so 13922222222 is not found in 139222222221.
   */
  find(text: string): string[] {
    if (!this.pattern) {
      const values = [...this.byValue.keys()].sort((a, b) => b.length - a.length);
      this.pattern = new RegExp(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
    }
    const found: string[] = [];
    for (const m of text.matchAll(this.pattern)) {
      const before = text[m.index - 1] ?? '';
      const after = text[m.index + m[0].length] ?? '';
      const wordy = /[A-Za-z0-9_-]/;
      if (wordy.test(m[0][0]) && wordy.test(before)) continue;
      if (wordy.test(m[0][m[0].length - 1]) && wordy.test(after)) continue;
      found.push(m[0]);
    }
    return found;
  }
}

/** A value seen by a caller who may not see it. */
export interface Leak {
  role: string;
  /** The shortest operation that shows it. */
  operation: string;
  path: string;
  value: string;
  /** Whose value it is: `item W (吴林街道) donorName`. */
  whose: string;
  /** How often the same operation showed the same value (at other list indexes). */
  times?: number;
}

export function formatLeaks(leaks: readonly Leak[]): string {
  return leaks
    .map((l) => {
      const times = l.times && l.times > 1 ? ` (×${l.times})` : '';
      return `[${l.role}] ${l.path}${times} = ${JSON.stringify(l.value)} — ${l.whose}\n    ${l.operation}`;
    })
    .join('\n');
}

/** Whose a value is, each record once. */
function whoseOf(regs: readonly Registration[]): string {
  const names = [...new Set(regs.map((r) => `${r.record} ${r.what}`))];
  return names.length > 3 ? `${names.slice(0, 3).join(' / ')} / … (${names.length - 3} more)` : names.join(' / ');
}

// ---------------------------------------------------------------------------------------------
// The walk

export interface WalkAnswer {
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: readonly (string | number)[]; extensions?: { code?: string } }[];
}

export interface WalkOptions {
  schema: GraphQLSchema;
  limits: WalkLimits;
  dictionary: ArgumentDictionary;
  registry: Registry;
  /** Types whose answers are public by design: codes inside them are no leak (see the spec). */
  publicRecordTypes: ReadonlySet<string>;
  /** Root fields an anonymous caller got an answer from: their arguments need no scope. */
  publicFields: ReadonlySet<string>;
  send(query: string): Promise<WalkAnswer>;
  concurrency: number;
  /** Only these root fields (all when omitted). */
  only?: ReadonlySet<string>;
}

export interface WalkResult {
  leaks: Leak[];
  /** Operations sent. */
  operations: number;
  /** Root field calls tried (one or more operations each). */
  calls: number;
  /** Root fields that answered something (not null, not an empty list) at least once. */
  answered: Set<string>;
  /** Answers the walk cannot read past: internal errors, limit refusals, invalid operations. */
  failures: string[];
  /** Fields with a required argument nothing could fill: `verifyCertificate`, `Type.field`. */
  unfilled: Set<string>;
  /** The registered values that came back, whether the caller may see them or not. */
  seen: Set<string>;
}

/** Refusals that only say the caller may not have it (or it is not there): the walk moves on. */
const REFUSED = new Set(['FORBIDDEN', 'NOT_FOUND', 'UNAUTHENTICATED']);
/** The domain's answers to an argument it will not take (a date out of range, a tree too small). */
const DOMAIN_ANSWER = new Set(['BAD_USER_INPUT', 'INVALID_TRANSITION', 'CONFLICT']);

const SPLITS = new WeakMap<GraphQLSchema, Map<string, Map<string, Selection[][]>>>();

/** The parts of each root field's selection, by the arguments given: the same for every caller. */
function splitCache(schema: GraphQLSchema, limits: WalkLimits, field: string): Map<string, Selection[][]> {
  let bySchema = SPLITS.get(schema);
  if (!bySchema) {
    bySchema = new Map<string, Map<string, Selection[][]>>();
    SPLITS.set(schema, bySchema);
  }
  const key = `${JSON.stringify(limits)}|${field}`;
  let byArgs = bySchema.get(key);
  if (!byArgs) {
    byArgs = new Map<string, Selection[][]>();
    bySchema.set(key, byArgs);
  }
  return byArgs;
}

/**
 * Every root field of Query, for one caller: sends the operations, returns the leaks found.
 * Each call (a root field with its arguments) is sent in parts within the limits; a call whose
 * first part comes back refused, null or empty is not asked for the rest. (Sending several calls
 * in one operation saves little: the server's cost is per root field, and a refused non-null
 * root field would take the others' answers with it.)
 */
export async function walkSchema(caller: Caller, options: WalkOptions): Promise<WalkResult> {
  const { schema, limits, registry } = options;
  const query = schema.getQueryType();
  if (!query) throw new Error('the schema has no Query type');
  const result: WalkResult = {
    leaks: [],
    operations: 0,
    calls: 0,
    answered: new Set(),
    failures: [],
    unfilled: new Set(),
    seen: new Set(),
  };
  // One leak per operation shown and value: items[0] and items[1] of one answer are one.
  const seen = new Map<string, Leak>();
  const leak = (l: Leak) => {
    const key = `${l.role}|${l.operation}|${l.value}`;
    const known = seen.get(key);
    if (known) {
      known.times = (known.times ?? 1) + 1;
      return;
    }
    seen.set(key, l);
    result.leaks.push(l);
  };

  /** Reads one answer: the failures, the argument check, the leaks. True when it held something. */
  const read = (call: RootCall, operation: string, first: boolean, answer: WalkAnswer): boolean => {
    for (const e of answer.errors ?? []) {
      const code = e.extensions?.code ?? '';
      if (REFUSED.has(code)) continue;
      if (isLimitRefusal(e.message) || !DOMAIN_ANSWER.has(code)) {
        result.failures.push(`[${caller.role}] ${code || answer.status} ${e.message}\n    ${operation}`);
      }
    }
    const value = answer.data?.[call.field];
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return false;
    result.answered.add(call.field);
    // What anonymous callers are answered is public by definition: their walk names the public fields.
    if (first && caller.kind !== 'anonymous' && !options.publicFields.has(call.field)) {
      for (const given of argumentStrings(call.args.map(([, v]) => v))) {
        const regs = registry.registrations(given);
        if (regs.length && !regs.some((r) => maySee(r, caller, 'argument'))) {
          leak({
            role: caller.role,
            operation: `{ ${printCall(schema, call)} { … } }`,
            path: call.field,
            value: given,
            whose: `answered about ${whoseOf(regs)}`,
          });
        }
      }
    }
    for (const leaf of leavesOf(schema, call, value)) {
      const seenAs: SeenAs = options.publicRecordTypes.has(leaf.parentType) ? 'public-record' : 'data';
      for (const found of registry.find(leaf.value)) {
        result.seen.add(found);
        const regs = registry.registrations(found);
        if (regs.some((r) => maySee(r, caller, seenAs))) continue;
        leak({
          role: caller.role,
          operation: minimalOperation(schema, call, leaf.fields),
          path: leaf.path,
          value: found,
          whose: whoseOf(regs),
        });
      }
    }
    return true;
  };

  const tasks: (() => Promise<void>)[] = [];
  for (const field of Object.values(query.getFields()).sort((a, b) => a.name.localeCompare(b.name))) {
    if (field.name.startsWith('__') || (options.only && !options.only.has(field.name))) continue;
    const calls = callsOf(schema, field.name, options.dictionary, limits);
    if (!calls) {
      result.unfilled.add(field.name);
      continue;
    }
    const selection = selectionOf(schema, getNamedType(field.type), limits, options.dictionary, result.unfilled);
    const splits = splitCache(schema, limits, field.name);
    for (const call of calls) {
      result.calls++;
      tasks.push(async () => {
        // The split depends only on which arguments are given (their sizes are fixed).
        const key = call.args.map(([n]) => n).join(',');
        let parts = splits.get(key);
        if (!parts) {
          parts = splitSelection(schema, call, selection);
          splits.set(key, parts);
        }
        for (const [i, part] of parts.entries()) {
          const operation = printOperation(schema, call, part);
          const answer = await options.send(operation);
          result.operations++;
          // Nothing at the root (refused, null or empty): the other parts would answer the same.
          if (!read(call, operation, i === 0, answer)) break;
        }
      });
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return result;
}

function argumentStrings(values: unknown[]): string[] {
  return values.flatMap((v): string[] => {
    if (typeof v === 'string') return [v];
    if (Array.isArray(v)) return argumentStrings(v);
    if (v && typeof v === 'object') return argumentStrings(Object.values(v));
    return [];
  });
}
