import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  DirectiveNode,
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLError,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql';
import {
  ControlCharacterError,
  controlCharacterIn,
  ControlCharacterFinding,
  controlCharactersIn,
} from '../errors/control-characters';

/** A field whose arguments hold a control character, by its response key, with the findings. */
export interface ArgumentFindings {
  field: string;
  findings: ControlCharacterFinding[];
}

/**
 * Every argument of the operation that holds a control character, named by its argument path
 * (`input.message`, `input.itemCodes.2`), whether it is written inline or comes in a variable
 * (a variable's default as well), at the root or on a nested field, inside input objects, lists
 * and custom scalars (a JSON argument is searched through). Types do not matter: every string is
 * text, and an enum or number cannot hold one.
 */
export function controlCharactersInOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): ArgumentFindings[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const defaults = new Map<string, ValueNode>();
  for (const def of operation.variableDefinitions ?? []) {
    if (def.defaultValue) defaults.set(def.variable.name.value, def.defaultValue);
  }
  const out: ArgumentFindings[] = [];
  const visited = new Set<string>();

  const value = (node: ValueNode, path: string, findings: ControlCharacterFinding[]): void => {
    switch (node.kind) {
      case Kind.STRING: {
        const character = controlCharacterIn(node.value);
        if (character) findings.push({ field: path, character });
        return;
      }
      case Kind.LIST:
        node.values.forEach((v, i) => value(v, `${path}.${i}`, findings));
        return;
      case Kind.OBJECT:
        for (const f of node.fields) value(f.value, `${path}.${f.name.value}`, findings);
        return;
      case Kind.VARIABLE: {
        const name = node.name.value;
        if (Object.prototype.hasOwnProperty.call(variables, name)) controlCharactersIn(variables[name], path, findings);
        else {
          const fallback = defaults.get(name);
          if (fallback) value(fallback, path, findings);
        }
        return;
      }
      case Kind.INT:
      case Kind.FLOAT:
      case Kind.BOOLEAN:
      case Kind.ENUM:
      case Kind.NULL:
        return;
    }
  };
  const argumentsOf = (owner: string, node: FieldNode | DirectiveNode, prefix = ''): void => {
    const findings: ControlCharacterFinding[] = [];
    for (const arg of node.arguments ?? []) value(arg.value, `${prefix}${arg.name.value}`, findings);
    if (findings.length) out.push({ field: owner, findings });
  };
  const directives = (owner: string, nodes: readonly DirectiveNode[] | undefined): void => {
    for (const d of nodes ?? []) argumentsOf(owner, d, `@${d.name.value}.`);
  };
  const selections = (set: SelectionSetNode | undefined, parent: string): void => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        const key = parent ? `${parent}.${s.alias?.value ?? s.name.value}` : (s.alias?.value ?? s.name.value);
        argumentsOf(key, s);
        directives(key, s.directives);
        selections(s.selectionSet, key);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        directives(parent, s.directives);
        selections(s.selectionSet, parent);
      } else {
        directives(parent, s.directives);
        const name = s.name.value;
        // A fragment's arguments are the same wherever it is spread: looked at once.
        if (visited.has(name)) continue;
        visited.add(name);
        selections(fragments.get(name)?.selectionSet, parent);
      }
    }
  };
  directives('', operation.directives);
  selections(operation.selectionSet, '');
  return out;
}

/**
 * Refuses, before anything runs, an operation with a control character in any string argument:
 * BAD_USER_INPUT (HTTP 400) naming the argument path. One place for every operation, so no DTO
 * needs its own rule and PostgreSQL never sees a NUL.
 */
export function controlCharacterPlugin<T extends BaseContext>(): ApolloServerPlugin<T> {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ document, operation, request }) {
          if (!operation) return Promise.resolve();
          const found = controlCharactersInOperation(document, operation, request.variables ?? {});
          if (found.length === 0) return Promise.resolve();
          const refusal = new ControlCharacterError(
            found.flatMap((f) => f.findings),
            found.length === 1 ? found[0].field : undefined,
          );
          throw new GraphQLError(refusal.message, {
            originalError: refusal,
            extensions: { code: refusal.code, http: { status: 400 } },
          });
        },
      });
    },
  };
}
