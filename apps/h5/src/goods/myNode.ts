import { gql } from '../api/graphql';
import { MY_NODE } from './operations';

export interface MyNode {
  regionCode: string;
  regionName: string;
  node: { id: string; name: string; kind: string } | null;
}

let pending: Promise<MyNode> | null = null;

/** The staff member's own centre (every goods step happens there). */
export function myNode(): Promise<MyNode> {
  pending ??= gql<{
    me: { staff: { region: { code: string; name: string; node: MyNode['node'] } } | null };
  }>(MY_NODE, {}, { as: 'staff' }).then(
    ({ me }) => ({
      regionCode: me.staff?.region.code ?? '',
      regionName: me.staff?.region.name ?? '',
      node: me.staff?.region.node ?? null,
    }),
    (err: unknown) => {
      pending = null;
      throw err;
    },
  );
  return pending;
}

/** Forgets the centre (another staff member may sign in on this phone). */
export function forgetMyNode(): void {
  pending = null;
}
