import { createTestApp, TestApp } from '@shanchou/test';

/** The donor's sign-in, end to end over HTTP: the H5 page, the WeChat stand-in, wechatLogin. */
describe('WeChat OAuth sign-in (over HTTP, against the stand-in)', () => {
  const CODE_TTL_MS = 1000;
  let t: TestApp;
  let base: string;

  async function graphql<T>(
    query: string,
    token?: string,
  ): Promise<{ data?: T | null; errors?: { message: string; extensions: { code: string } }[] }> {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as { data?: T; errors?: { message: string; extensions: { code: string } }[] };
  }

  /** What WeChat does when the H5 page sends the user to authorise: a 302 back with a code. */
  async function authorize(params: Record<string, string>): Promise<Response> {
    const url = new URL(`${base}/wechat-sim/connect/oauth2/authorize`);
    url.search = new URLSearchParams({
      appid: t.config.wechat.appId,
      redirect_uri: `${base}/h5/oauth-callback?from=campaign`,
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'cixin-2026',
      ...params,
    }).toString();
    return fetch(url, { redirect: 'manual' });
  }

  async function codeFor(openid: string): Promise<string> {
    const res = await authorize({ openid });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(back.pathname).toBe('/h5/oauth-callback');
    expect(back.searchParams.get('from')).toBe('campaign');
    expect(back.searchParams.get('state')).toBe('cixin-2026');
    return back.searchParams.get('code')!;
  }

  const LOGIN = (code: string) =>
    `mutation { wechatLogin(code: "${code}") { token viewer { donor { id } staff { id } } } }`;
  type Login = { wechatLogin: { token: string; viewer: { donor: { id: string }; staff: null } } };

  beforeAll(async () => {
    t = await createTestApp({ listen: true, wechatSim: { codeTtlMs: CODE_TTL_MS } });
    base = t.baseUrl!;
  });
  afterAll(() => t.close());

  it('signs a donor in with the code, and `me` is that donor', async () => {
    const code = await codeFor('oTest-donor-0001');
    const login = await graphql<Login>(LOGIN(code));
    expect(login.errors).toBeUndefined();
    const { token, viewer } = login.data!.wechatLogin;
    expect(viewer.staff).toBeNull();
    const me = await graphql<{ me: { donor: { id: string } } }>('{ me { donor { id } } }', token);
    expect(me.data!.me.donor.id).toBe(viewer.donor.id);

    const again = await graphql<Login>(LOGIN(await codeFor('oTest-donor-0001')));
    expect(again.data!.wechatLogin.viewer.donor.id).toBe(viewer.donor.id);
    const other = await graphql<Login>(LOGIN(await codeFor('oTest-donor-0002')));
    expect(other.data!.wechatLogin.viewer.donor.id).not.toBe(viewer.donor.id);
  });

  it('refuses a code used once already', async () => {
    const code = await codeFor('oTest-donor-0003');
    expect((await graphql<Login>(LOGIN(code))).errors).toBeUndefined();
    const reused = await graphql<Login>(LOGIN(code));
    expect(reused.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(reused.errors![0].message).toContain('微信没有接受这次登录（错误码 40163）');
  });

  it('refuses an expired code', async () => {
    const code = await codeFor('oTest-donor-0004');
    await new Promise((r) => setTimeout(r, CODE_TTL_MS + 200));
    const late = await graphql<Login>(LOGIN(code));
    expect(late.errors![0].extensions.code).toBe('UNAUTHENTICATED');
    expect(late.errors![0].message).toContain('微信没有接受这次登录（错误码 40029）');
  });

  it('refuses a made-up code', async () => {
    const res = await graphql<Login>(LOGIN('0123456789abcdef0123456789abcdef'));
    expect(res.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('does not let a donor do staff work', async () => {
    const { data } = await graphql<Login>(LOGIN(await codeFor('oTest-donor-0005')));
    const res = await graphql('{ staffList(regionCode: "370404") { id } }', data!.wechatLogin.token);
    expect(res.errors![0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses an authorize call for another official account', async () => {
    const res = await authorize({ appid: 'wx0000000000000000' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errcode: 40013, errmsg: 'invalid appid' });
  });
});
