import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLSchema,
  isObjectType,
  isInterfaceType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  valueFromASTUntyped,
  type GraphQLCompositeType,
  type GraphQLField,
} from 'graphql';

type Selected = [FieldNode, GraphQLCompositeType, ReadonlySet<string>];

/** The arguments that say how many rows a list field returns. */
const PAGE_SIZE_ARGUMENTS = ['first', 'last'];

export const COST_WEIGHTS = { scalar: 1, object: 2, depthFactor: 1.5 } as const;

const INTROSPECTION = new Set(['__schema', '__type']);

/**
 * What an operation costs to answer, as graphql-armor weighs it (a scalar 1, an object 2 plus 1.5×
 * its selections), with one difference that matters: a list field's `first`/`last` multiplies its
 * cost whether it is written in the query, passed as a variable or left to the argument's default.
 * graphql-armor reads only a literal, so `items(first: $n)` cost the same for n = 1 and n = 10 000.
 * Fragments count as if their selections were written in place.
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
  operationName?: string,
): number {
  const operation = pickOperation(document, operationName);
  if (!operation) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  const defaults = new Map<string, unknown>();
  for (const v of operation.variableDefinitions ?? []) {
    if (v.defaultValue) defaults.set(v.variable.name.value, valueFromASTUntyped(v.defaultValue));
  }
  const variable = (name: string): unknown => (name in variables ? variables[name] : defaults.get(name));

  const root = schema.getRootType(operation.operation);
  if (!root) return 0;

  function multiplier(node: FieldNode, field: GraphQLField<unknown, unknown> | undefined): number {
    for (const name of PAGE_SIZE_ARGUMENTS) {
      const given = node.arguments?.find((a) => a.name.value === name);
      let value: unknown;
      if (given) {
        value =
          given.value.kind === Kind.VARIABLE ? variable(given.value.name.value) : valueFromASTUntyped(given.value);
      } else {
        value = field?.args.find((a) => a.name === name)?.defaultValue;
      }
      if (typeof value === 'number' && Number.isInteger(value) && value > 1) return value;
      if (given || value !== undefined) return 1;
    }
    return 1;
  }

  /**
   * The fields of a selection set, fragments flattened, each with the type it is selected on and
   * the fragments it sits in (a fragment inside itself is refused by validation; here it stops).
   */
  function fieldsOf(set: SelectionSetNode, type: GraphQLCompositeType, seen: ReadonlySet<string>): Selected[] {
    const out: Selected[] = [];
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        out.push([s, type, seen]);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        const on = s.typeCondition ? schema.getType(s.typeCondition.name.value) : type;
        out.push(...fieldsOf(s.selectionSet, (on as GraphQLCompositeType | undefined) ?? type, seen));
      } else {
        const fragment = fragments.get(s.name.value);
        if (!fragment || seen.has(s.name.value)) continue;
        const on = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
        out.push(...fieldsOf(fragment.selectionSet, on ?? type, new Set([...seen, s.name.value])));
      }
    }
    return out;
  }

  function cost([node, parent, seen]: Selected): number {
    // Introspection is free, as graphql-armor has it (and off in production).
    if (INTROSPECTION.has(node.name.value)) return 0;
    if (!node.selectionSet) return COST_WEIGHTS.scalar;
    const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[node.name.value] : undefined;
    const type = (field ? getNamedType(field.type) : parent) as GraphQLCompositeType;
    let total = COST_WEIGHTS.object;
    for (const child of fieldsOf(node.selectionSet, type, seen)) total += COST_WEIGHTS.depthFactor * cost(child);
    return total * multiplier(node, field);
  }

  return fieldsOf(operation.selectionSet, root, new Set()).reduce((sum, selected) => sum + cost(selected), 0);
}

function pickOperation(document: DocumentNode, operationName?: string): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}
