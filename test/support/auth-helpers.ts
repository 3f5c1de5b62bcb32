import { CampaignService } from '@shanchou/campaigns';
import { StaffService } from '@shanchou/identity';
import { HouseholdService } from '@shanchou/logistics';
import { RegionService } from '@shanchou/regions';
import { DEMO_PASSWORD, seedDemo } from '@shanchou/seeds';
import { TestApp } from './test-app';

/** Loads the demo seed (regions and the demo staff) into a test app. */
export async function seedDemoData(t: TestApp): Promise<void> {
  await seedDemo(
    {
      regions: t.app.get(RegionService),
      staff: t.app.get(StaffService),
      campaigns: t.app.get(CampaignService),
      households: t.app.get(HouseholdService),
    },
    'test',
  );
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

/**
 * A donor signs in the way the H5 page does it: WeChat's authorize page (the stand-in) sends the
 * browser back with a code, which wechatLogin exchanges. Needs a test app made with `listen`.
 */
export async function donorLogin(t: TestApp, openid: string): Promise<{ token: string; donorId: string }> {
  if (!t.baseUrl) throw new Error('donorLogin needs createTestApp({ listen: true })');
  const url = new URL(`${t.baseUrl}/wechat-sim/connect/oauth2/authorize`);
  url.search = new URLSearchParams({
    appid: t.config.wechat.appId,
    redirect_uri: `${t.baseUrl}/h5/`,
    response_type: 'code',
    scope: 'snsapi_base',
    state: 's',
    openid,
  }).toString();
  const redirect = await fetch(url, { redirect: 'manual' });
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code');
  const res = await t.gql<{ wechatLogin: { token: string; viewer: { donor: { id: string } } } }>(
    'mutation($c: String!) { wechatLogin(code: $c) { token viewer { donor { id } } } }',
    { c: code },
  );
  if (!res.data?.wechatLogin) throw new Error(`wechatLogin failed: ${JSON.stringify(res.errors)}`);
  return { token: res.data.wechatLogin.token, donorId: res.data.wechatLogin.viewer.donor.id };
}
