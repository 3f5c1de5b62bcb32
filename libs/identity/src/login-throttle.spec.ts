import { AppConfig, asServiceUnavailable, createRootLogger, RedisConnection } from '@shanchou/core';
import { deleteQueueKeys, TEST_REDIS_URL } from '@shanchou/test';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { AddressInfo, createServer, Socket } from 'node:net';
import {
  LOGIN_POLICY,
  LoginKeys,
  LoginStoreUnavailableError,
  LoginThrottle,
  LoginThrottledError,
  MemoryLoginAttemptStore,
  RedisLoginAttemptStore,
} from './login-throttle';

const RIGHT = 'right-password-1';
const BURST = 30;

type Outcome = 'signed-in' | 'wrong' | 'throttled';

/** One password check: it waits at the gate, so every attempt of a burst has reserved (or been refused) first. */
interface Burst {
  checks: number;
  settled: number;
  open: () => void;
  gate: Promise<void>;
}

function newBurst(): Burst {
  let open = (): void => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { checks: 0, settled: 0, open, gate };
}

async function attempt(
  throttle: LoginThrottle,
  burst: Burst | null,
  username: string,
  password: string,
  address: string,
): Promise<Outcome> {
  const run = throttle.attempt(username, address, async () => {
    if (burst) {
      burst.checks++;
      arrived(burst);
      await burst.gate;
    }
    return password === RIGHT ? { username } : null;
  });
  try {
    return (await run) ? 'signed-in' : 'wrong';
  } catch (err) {
    if (!(err instanceof LoginThrottledError)) throw err;
    if (burst) arrived(burst);
    return 'throttled';
  }
}

/** The gate opens once each attempt of the burst is either checking or refused. */
function arrived(burst: Burst): void {
  burst.settled++;
  if (burst.settled === BURST) burst.open();
}

const modes: { name: string; redis: () => IORedis | null }[] = [{ name: 'in memory (embedded)', redis: () => null }];
if (TEST_REDIS_URL) modes.push({ name: 'in Redis', redis: () => new IORedis(TEST_REDIS_URL!) });

describe.each(modes)('sign-in throttle $name', ({ redis: connect }) => {
  let client: IORedis | null;
  let prefix: string;
  let throttle: LoginThrottle;
  const log = createRootLogger({ level: 'silent', service: 'test' });

  beforeEach(() => {
    client = connect();
    prefix = `test-${randomBytes(5).toString('hex')}`;
    throttle = new LoginThrottle({ client } as RedisConnection, AppConfig.from({ REDIS_PREFIX: prefix }), log);
  });
  afterEach(async () => {
    if (client) {
      await deleteQueueKeys(prefix);
      await client.quit();
    }
  });

  it(`lets ${BURST} concurrent sign-ins of one username (29 wrong, then the right one) compare only ${LOGIN_POLICY.maxFailuresPerUsername} passwords, and locks it`, async () => {
    const burst = newBurst();
    const passwords = [...Array.from({ length: BURST - 1 }, (_, i) => `wrong-guess-${i}`), RIGHT];
    const outcomes = await Promise.all(passwords.map((p) => attempt(throttle, burst, 'li-si', p, '203.0.113.7')));
    expect(burst.checks).toBe(LOGIN_POLICY.maxFailuresPerUsername);
    expect(outcomes.filter((o) => o === 'wrong')).toHaveLength(LOGIN_POLICY.maxFailuresPerUsername);
    expect(outcomes.filter((o) => o === 'throttled')).toHaveLength(BURST - LOGIN_POLICY.maxFailuresPerUsername);
    // The lock came before the right password's turn: it is refused like the rest.
    expect(outcomes[BURST - 1]).toBe('throttled');
    expect(await attempt(throttle, null, 'li-si', RIGHT, '198.51.100.1')).toBe('throttled');
    // Another account from the same address is not held by this username's lock.
    expect(await attempt(throttle, null, 'wang-wu', RIGHT, '203.0.113.7')).toBe('signed-in');
  });

  it('lets the right password through when it comes before the lock, and still locks after the limit', async () => {
    const burst = newBurst();
    const passwords = [RIGHT, ...Array.from({ length: BURST - 1 }, (_, i) => `wrong-guess-${i}`)];
    const outcomes = await Promise.all(passwords.map((p) => attempt(throttle, burst, 'zhao-liu', p, '203.0.113.8')));
    expect(burst.checks).toBe(LOGIN_POLICY.maxFailuresPerUsername);
    expect(outcomes[0]).toBe('signed-in');
    expect(outcomes.filter((o) => o === 'wrong')).toHaveLength(LOGIN_POLICY.maxFailuresPerUsername - 1);
    expect(await attempt(throttle, null, 'zhao-liu', RIGHT, '203.0.113.8')).toBe('throttled');
  });

  it(`lets ${BURST} concurrent sign-ins from one address (29 wrong, then a right one) compare only ${LOGIN_POLICY.maxFailuresPerAddress} passwords; the address lock holds no account`, async () => {
    const address = '203.0.113.50';
    // A staff member who signed in from this address before (behind the same proxy, say).
    expect(await attempt(throttle, null, 'office-known', RIGHT, address)).toBe('signed-in');
    const burst = newBurst();
    const tries = [
      ...Array.from({ length: BURST - 1 }, (_, i) => ({ u: `spray-${i}`, p: 'wrong-guess' })),
      { u: 'office-new', p: RIGHT },
    ];
    const outcomes = await Promise.all(tries.map(({ u, p }) => attempt(throttle, burst, u, p, address)));
    expect(burst.checks).toBe(LOGIN_POLICY.maxFailuresPerAddress);
    expect(outcomes.filter((o) => o === 'wrong')).toHaveLength(LOGIN_POLICY.maxFailuresPerAddress);
    expect(outcomes[BURST - 1]).toBe('throttled');
    // Locked for usernames new to the address...
    expect(await attempt(throttle, null, 'office-new', RIGHT, address)).toBe('throttled');
    // ...not for one that signed in from it, nor for any account from elsewhere.
    expect(await attempt(throttle, null, 'office-known', RIGHT, address)).toBe('signed-in');
    expect(await attempt(throttle, null, 'office-new', RIGHT, '198.51.100.2')).toBe('signed-in');
    expect(await attempt(throttle, null, 'spray-0', RIGHT, '198.51.100.2')).toBe('signed-in');
  });

  it('keeps the account limit for a username known at the address', async () => {
    const address = '203.0.113.60';
    expect(await attempt(throttle, null, 'known-one', RIGHT, address)).toBe('signed-in');
    for (let i = 0; i < LOGIN_POLICY.maxFailuresPerUsername; i++) {
      expect(await attempt(throttle, null, 'known-one', `wrong-${i}`, address)).toBe('wrong');
    }
    expect(await attempt(throttle, null, 'known-one', RIGHT, address)).toBe('throttled');
  });

  it('counts five wrong passwords in a minute even with a right one between them (it gives only its own slot back)', async () => {
    const address = '203.0.113.70';
    for (let i = 0; i < 3; i++) expect(await attempt(throttle, null, 'zhou-qi', `wrong-${i}`, address)).toBe('wrong');
    expect(await attempt(throttle, null, 'zhou-qi', RIGHT, address)).toBe('signed-in');
    for (let i = 3; i < 5; i++) expect(await attempt(throttle, null, 'zhou-qi', `wrong-${i}`, address)).toBe('wrong');
    expect(await attempt(throttle, null, 'zhou-qi', RIGHT, address)).toBe('throttled');
  });

  it('gives the slot back when the check itself fails (not a wrong password), and passes the error on', async () => {
    const address = '203.0.113.80';
    for (let i = 0; i < LOGIN_POLICY.maxFailuresPerUsername; i++) {
      await expect(
        throttle.attempt('wu-ba', address, () => Promise.reject(new Error('database went away'))),
      ).rejects.toThrow('database went away');
    }
    expect(await attempt(throttle, null, 'wu-ba', RIGHT, address)).toBe('signed-in');
  });

  it('says in Chinese how long the lockout lasts', async () => {
    for (let i = 0; i < LOGIN_POLICY.maxFailuresPerUsername; i++) await attempt(throttle, null, 'sun', `w-${i}`, '::1');
    await expect(throttle.attempt('sun', '::1', () => Promise.resolve(1))).rejects.toMatchObject({
      message: '登录失败次数过多，请 15 分钟后再试',
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('sign-in slots in memory, over time', () => {
  const keys: LoginKeys = { user: 'u:li', address: 'a:1', known: 'k:1:li' };

  it('starts a new window after a minute, and a lock ends after fifteen minutes', async () => {
    let now = 0;
    const store = new MemoryLoginAttemptStore(() => now);
    for (let i = 0; i < 4; i++) {
      const r = await store.reserve(keys, LOGIN_POLICY);
      if (!r.granted) throw new Error('refused too early');
      await store.failed(keys, r, LOGIN_POLICY);
    }
    now += 61_000;
    for (let i = 0; i < LOGIN_POLICY.maxFailuresPerUsername; i++) {
      const r = await store.reserve(keys, LOGIN_POLICY);
      if (!r.granted) throw new Error('the old window was still counted');
      await store.failed(keys, r, LOGIN_POLICY);
    }
    expect(await store.reserve(keys, LOGIN_POLICY)).toEqual({ granted: false, retryAfterSeconds: 900 });
    now += 60_000;
    expect(await store.reserve(keys, LOGIN_POLICY)).toEqual({ granted: false, retryAfterSeconds: 840 });
    now += 840_000;
    expect(await store.reserve(keys, LOGIN_POLICY)).toEqual({ granted: true, byAddress: true });
  });

  it('forgets a known address after thirty days', async () => {
    let now = 0;
    const store = new MemoryLoginAttemptStore(() => now);
    const r = await store.reserve(keys, LOGIN_POLICY);
    if (!r.granted) throw new Error('refused');
    await store.release(keys, r, true, LOGIN_POLICY);
    expect(await store.reserve(keys, LOGIN_POLICY)).toEqual({ granted: true, byAddress: false });
    now += 31 * 86400_000;
    expect(await store.reserve(keys, LOGIN_POLICY)).toEqual({ granted: true, byAddress: true });
  });
});

describe('sign-in slots in Redis that does not answer', () => {
  it('fail within the time-out with an ordinary error, instead of hanging the sign-in', async () => {
    // A server that takes the connection and never answers: a frozen Redis, a lost network.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const frozen = new IORedis({ port, host: '127.0.0.1', maxRetriesPerRequest: null, enableReadyCheck: false });
    frozen.on('error', () => undefined);
    const store = new RedisLoginAttemptStore(frozen, 300);
    const keys: LoginKeys = { user: 'u', address: 'a', known: 'k' };
    const started = Date.now();
    try {
      const err = await store.reserve(keys, LOGIN_POLICY).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LoginStoreUnavailableError);
      expect(Date.now() - started).toBeLessThan(2000);
      // The one error mapper reads it as Redis being down: SERVICE_UNAVAILABLE, not an internal error.
      expect(asServiceUnavailable(err)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', dependency: 'Redis' });
    } finally {
      const ended = new Promise((resolve) => frozen.once('end', resolve));
      frozen.disconnect();
      await ended;
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
