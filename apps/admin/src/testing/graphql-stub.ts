import { vi } from 'vitest';

/** The `data` of an answer, or a promise of it. */
type Handler = (variables: Record<string, unknown>) => unknown;

export interface GraphqlCall {
  operation: string;
  variables: Record<string, unknown>;
  authorization: string | null;
}

/**
 * Stands in for the server in component tests: answers each GraphQL operation by its name with
 * `data` (or `{ errors }` when a handler throws graphqlError(…)), and records the calls.
 * Requests to anything but /graphql go to `other`.
 */
export function stubServer(
  handlers: Record<string, Handler>,
  other: (url: string, init?: RequestInit) => Response = () => new Response('not found', { status: 404 }),
): GraphqlCall[] {
  const calls: GraphqlCall[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    if (!url.endsWith('/graphql')) return other(url, init);
    const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as {
      query: string;
      variables?: Record<string, unknown>;
    };
    const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? 'anonymous';
    const headers = new Headers(init?.headers);
    calls.push({ operation, variables: body.variables ?? {}, authorization: headers.get('authorization') });
    const handler = handlers[operation];
    if (!handler) return Response.json({ errors: [{ message: `no stub for ${operation}` }] });
    try {
      return Response.json({ data: await handler(body.variables ?? {}) });
    } catch (err) {
      if (err instanceof GraphqlErrorAnswer) return Response.json({ errors: err.errors });
      throw err;
    }
  });
  return calls;
}

/** Thrown by a handler: the server answers with this GraphQL error. */
export class GraphqlErrorAnswer extends Error {
  constructor(readonly errors: unknown[]) {
    super('GraphQL error answer');
  }
}

/** A GraphQL error as the server sends it, for a handler to throw. */
export function graphqlError(code: string, message: string, field?: string): GraphqlErrorAnswer {
  return new GraphqlErrorAnswer([{ message, extensions: { code, ...(field ? { field } : {}) } }]);
}

/** Lets pending promises and Vue's updates run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}
