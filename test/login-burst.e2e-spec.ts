import { LOGIN_POLICY, Role, StaffService } from '@shanchou/identity';
import { createTestApp, TestApp } from '@shanchou/test';
import { randomBytes } from 'node:crypto';

const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';
const RIGHT = 'Tanshan-right-2026';
const BURST = 30;

type Outcome = 'signed-in' | 'wrong' | 'throttled';

interface From {
  /** The TCP peer: the client itself, or the proxy in front of the API. */
  remoteAddress?: string;
  forwardedFor?: string;
}

async function login(t: TestApp, username: string, password: string, from: From = {}): Promise<Outcome> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: from.remoteAddress ?? '127.0.0.1',
    headers: {
      'content-type': 'application/json',
      ...(from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {}),
    },
    payload: JSON.stringify({ query: LOGIN, variables: { u: username, p: password } }),
  });
  const body = res.json<{ data?: { login?: { token: string } } | null; errors?: { message: string }[] }>();
  if (body.data?.login?.token) return 'signed-in';
  const message = body.errors?.[0]?.message ?? JSON.stringify(body);
  if (message === '用户名或密码不正确') return 'wrong';
  if (/^登录失败次数过多，请 \d+ 分钟后再试$/.test(message)) return 'throttled';
  throw new Error(`unexpected answer to login: ${message}`);
}

function tally(outcomes: Outcome[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { 'signed-in': 0, wrong: 0, throttled: 0 };
  for (const o of outcomes) counts[o]++;
  return counts;
}

/** Village operators under 坛山街道 with the right password; names are fresh for every test. */
async function newStaff(t: TestApp, count = 1): Promise<string[]> {
  const tag = randomBytes(3).toString('hex');
  const members = await t.app.get(StaffService).provision(
    Array.from({ length: count }, (_, i) => ({
      username: `burst-${tag}-${i}`,
      displayName: '测试',
      role: Role.VILLAGE_OPERATOR,
      regionCode: '370404001001',
      password: RIGHT,
    })),
  );
  return members.map((m) => m.username);
}

describe('sign-in under a burst (no proxy)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it(`answers ${BURST} concurrent sign-ins of one account (29 wrong, 1 right) with at most ${LOGIN_POLICY.maxFailuresPerUsername} password checks, then holds the lock`, async () => {
    const [username] = await newStaff(t);
    const passwords = [...Array.from({ length: BURST - 1 }, (_, i) => `wrong-guess-${i}`), RIGHT];
    const outcomes = await Promise.all(passwords.map((p) => login(t, username, p, { remoteAddress: '203.0.113.11' })));
    const counts = tally(outcomes);
    // A password was compared exactly for the answers that are not "throttled".
    expect(counts.wrong + counts['signed-in']).toBeLessThanOrEqual(LOGIN_POLICY.maxFailuresPerUsername);
    expect(counts.throttled).toBeGreaterThanOrEqual(BURST - LOGIN_POLICY.maxFailuresPerUsername);
    // The account is locked now, for the right password too, from any address.
    expect(await login(t, username, RIGHT, { remoteAddress: '198.51.100.20' })).toBe('throttled');
  });

  it('refuses the right password in a burst that comes after the lock', async () => {
    const [username] = await newStaff(t);
    const first = await Promise.all(
      Array.from({ length: LOGIN_POLICY.maxFailuresPerUsername }, (_, i) =>
        login(t, username, `wrong-guess-${i}`, { remoteAddress: '203.0.113.12' }),
      ),
    );
    expect(tally(first)).toEqual({ 'signed-in': 0, wrong: LOGIN_POLICY.maxFailuresPerUsername, throttled: 0 });
    const rest = [...Array.from({ length: BURST - 1 - first.length }, (_, i) => `late-guess-${i}`), RIGHT];
    const outcomes = await Promise.all(rest.map((p) => login(t, username, p, { remoteAddress: '203.0.113.12' })));
    expect(outcomes.every((o) => o === 'throttled')).toBe(true);
  });

  it(`answers ${BURST} concurrent sign-ins from one address (29 accounts guessed, 1 right) with at most ${LOGIN_POLICY.maxFailuresPerAddress} checks; the address lock locks no account`, async () => {
    const address = '203.0.113.13';
    const [own] = await newStaff(t);
    const tries = [
      ...Array.from({ length: BURST - 1 }, (_, i) => ({ u: `nobody-${i}`, p: 'wrong-guess' })),
      { u: own, p: RIGHT },
    ];
    const outcomes = await Promise.all(tries.map(({ u, p }) => login(t, u, p, { remoteAddress: address })));
    const counts = tally(outcomes);
    expect(counts.wrong + counts['signed-in']).toBeLessThanOrEqual(LOGIN_POLICY.maxFailuresPerAddress);
    expect(counts.throttled).toBeGreaterThanOrEqual(BURST - LOGIN_POLICY.maxFailuresPerAddress);
    // New usernames from that address wait; the account itself signs in from anywhere else.
    expect(await login(t, 'demo-town2', 'demo123456', { remoteAddress: address })).toBe('throttled');
    expect(await login(t, own, RIGHT, { remoteAddress: '198.51.100.21' })).toBe('signed-in');
    expect(await login(t, 'demo-town2', 'demo123456', { remoteAddress: '198.51.100.21' })).toBe('signed-in');
  });
});

describe('sign-in behind nginx with TRUST_PROXY=1', () => {
  const NGINX = '10.0.0.2';
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true, env: { TRUST_PROXY: '1', RATE_LIMIT_PER_MINUTE: '50' } });
  });
  afterAll(() => t.close());

  it('takes the address nginx saw, so a forged, rotating X-Forwarded-For walks through neither the address lock nor the rate limit', async () => {
    const client = '203.0.113.99';
    // nginx appends the peer it saw ($proxy_add_x_forwarded_for); what the client wrote stays in front.
    const from = (i: number): From => ({ remoteAddress: NGINX, forwardedFor: `198.51.100.${i % 250}, ${client}` });
    const outcomes: Outcome[] = [];
    for (let i = 0; i < LOGIN_POLICY.maxFailuresPerAddress + 5; i++) {
      outcomes.push(await login(t, `spray-${i}`, 'wrong-guess', from(i)));
    }
    expect(tally(outcomes)).toEqual({ 'signed-in': 0, wrong: LOGIN_POLICY.maxFailuresPerAddress, throttled: 5 });
    // Another client behind the same nginx is its own address.
    expect(await login(t, 'demo-town', 'demo123456', { remoteAddress: NGINX, forwardedFor: '203.0.113.100' })).toBe(
      'signed-in',
    );
    // The request limit counts the same address: 50 a minute, whatever the forged part says.
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/graphql',
        remoteAddress: NGINX,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `192.0.2.${i}, ${client}` },
        payload: JSON.stringify({ query: '{ regions { code } }' }),
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toContain(429);
  });
});

describe('sign-in behind a proxy without TRUST_PROXY (every client has the proxy’s address)', () => {
  const PROXY = '10.0.0.3';
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
  });
  afterAll(() => t.close());

  it('does not lock every staff member out when a stranger’s wrong passwords lock the address', async () => {
    // Staff who signed in through this proxy before.
    expect(await login(t, 'demo-town', 'demo123456', { remoteAddress: PROXY })).toBe('signed-in');
    expect(await login(t, 'demo-village', 'demo123456', { remoteAddress: PROXY })).toBe('signed-in');
    const outcomes = await Promise.all(
      Array.from({ length: BURST }, (_, i) => login(t, `stranger-${i}`, 'wrong-guess', { remoteAddress: PROXY })),
    );
    expect(tally(outcomes).wrong).toBe(LOGIN_POLICY.maxFailuresPerAddress);
    expect(await login(t, 'demo-town', 'demo123456', { remoteAddress: PROXY })).toBe('signed-in');
    expect(await login(t, 'demo-village', 'demo123456', { remoteAddress: PROXY })).toBe('signed-in');
    // Each account keeps its own limit there.
    for (let i = 0; i < LOGIN_POLICY.maxFailuresPerUsername; i++) {
      expect(await login(t, 'demo-village', `wrong-${i}`, { remoteAddress: PROXY })).toBe('wrong');
    }
    expect(await login(t, 'demo-village', 'demo123456', { remoteAddress: PROXY })).toBe('throttled');
    expect(await login(t, 'demo-town', 'demo123456', { remoteAddress: PROXY })).toBe('signed-in');
  });
});
