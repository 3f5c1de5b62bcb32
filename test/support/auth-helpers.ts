import { StaffService } from '@shanchou/identity';
import { RegionService } from '@shanchou/regions';
import { DEMO_PASSWORD, seedDemo } from '@shanchou/seeds';
import { TestApp } from './test-app';

/** Loads the demo seed (regions and the demo staff) into a test app. */
export async function seedDemoData(t: TestApp): Promise<void> {
  await seedDemo({ regions: t.app.get(RegionService), staff: t.app.get(StaffService) }, 'test');
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Signs a staff member in through GraphQL and returns the token. */
export async function loginAs(t: TestApp, username: string, password = DEMO_PASSWORD): Promise<string> {
  const res = await t.gql<{ login: { token: string } }>(
    'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }',
    { u: username, p: password },
  );
  if (!res.data?.login) throw new Error(`login as ${username} failed: ${JSON.stringify(res.errors)}`);
  return res.data.login.token;
}

/** The first error's code, or 'OK' when the operation succeeded. */
export function outcome(res: { errors?: { extensions?: { code?: string } }[] }): string {
  return res.errors?.[0]?.extensions?.code ?? 'OK';
}
