import {
  bearer,
  campaignIdOf,
  createTestApp,
  donorLogin,
  GraphqlResponse,
  OwnRedis,
  TestApp,
  waitFor,
} from '@shanchou/test';
import { DataSource } from 'typeorm';

/**
 * Redis down (issue 15 item 6): sign-ins and checkouts, which count attempts in Redis, answer
 * SERVICE_UNAVAILABLE with a message in Chinese within a second or so, not a bare
 * INTERNAL_SERVER_ERROR after seconds of retries; nothing is written; the outage is logged one
 * line per burst with a count; and they work again once Redis is back, without a restart.
 */
describe('Redis down', () => {
  let redis: OwnRedis;
  let t: TestApp;
  let donor: string;
  let campaignId: string;

  const donations = async () =>
    Number((await t.app.get(DataSource).query<{ n: string }[]>('SELECT count(*) AS n FROM donation'))[0].n);
  const login = () =>
    t.gql<{ login: { token: string } }>('mutation { login(username: "demo-town", password: "demo123456") { token } }');
  const checkout = () =>
    t.gql<{ createDonation: { donation: { receiptNo: string } } }>(
      'mutation($input: CreateDonationInput!) { createDonation(input: $input) { donation { receiptNo } } }',
      { input: { campaignId, amountFen: 500 } },
      bearer(donor),
    );
  /** The answer and how long it took. */
  async function timed<T>(send: () => Promise<T>): Promise<{ res: T; ms: number }> {
    const started = performance.now();
    const res = await send();
    return { res, ms: performance.now() - started };
  }

  beforeAll(async () => {
    redis = await OwnRedis.start();
    t = await createTestApp({
      demo: true,
      listen: true,
      logLevel: 'info',
      // Only the throttles' and the rate limit's Redis here: the jobs are other tests' business.
      env: { REDIS_URL: redis.url, RUN_JOBS: 'false', LOG_BURST_WINDOW_MS: '500' },
    });
    donor = (await donorLogin(t, 'o-redis-down')).token;
    campaignId = await campaignIdOf(t, 'fupin-shanchou');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('answers as usual while Redis is up, counting in this Redis', async () => {
    expect((await login()).data?.login.token).toEqual(expect.any(String));
    expect((await checkout()).data?.createDonation.donation.receiptNo).toEqual(expect.any(String));
    expect(await redis.keys(`${t.queuePrefix}:checkout:*`)).not.toEqual([]);
    expect(await redis.keys(`${t.queuePrefix}:login:*`)).not.toEqual([]);
  });

  it('answers login and createDonation SERVICE_UNAVAILABLE within a second or two once it is killed, writing nothing', async () => {
    await redis.kill();
    const before = await donations();
    for (const send of [login, checkout, login, checkout] as (() => Promise<GraphqlResponse>)[]) {
      const { res, ms } = await timed(send);
      // An executed operation keeps HTTP 200, as Nest's Apollo driver has it; the code says it all.
      expect(res.status).toBe(200);
      expect(res.data).toBeNull();
      expect(res.errors).toEqual([
        expect.objectContaining({
          message: '服务暂时不可用（Redis 暂时无法连接），请稍后重试',
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        }),
      ]);
      expect(ms).toBeLessThan(2000);
    }
    expect(await donations()).toBe(before);
  });

  it('logs the outage as one line with the count, not as unexpected errors', async () => {
    const lines = () => t.logs.filter((l) => String(l.msg).startsWith('a dependency could not be reached'));
    await waitFor('the outage’s log line', () => lines().length > 0, 5000);
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'warn',
        msg: 'a dependency could not be reached: requests answered SERVICE_UNAVAILABLE',
        dependency: 'Redis',
        count: 4,
      }),
    ]);
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('works again once Redis is back, without a restart', async () => {
    await redis.up();
    await waitFor('a sign-in with Redis back', async () => (await login()).data?.login !== undefined, 15_000);
    expect((await checkout()).data?.createDonation.donation.receiptNo).toEqual(expect.any(String));
  });
});
