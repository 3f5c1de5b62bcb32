import { CampaignService } from '@shanchou/campaigns';
import { HouseholdService } from '@shanchou/logistics';
import { seedDemo } from '@shanchou/seeds';
import { createTestApp, TestApp } from '@shanchou/test';
import { StaffService } from '@shanchou/identity';
import { RegionService } from '@shanchou/regions';

describe('HTTP hardening', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5', CORS_ORIGINS: 'https://h5.shanchou.example.cn' } });
  });
  afterAll(() => t.close());

  const query = (headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify({ query: '{ regions { code } }' }),
    });

  it('sends security headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
    });
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('answers CORS only for the allowed origins', async () => {
    const allowed = await t.app.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: { origin: 'https://h5.shanchou.example.cn', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://h5.shanchou.example.cn');
    const other = await t.app.inject({
      method: 'OPTIONS',
      url: '/graphql',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('limits requests per client address, and not health probes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await query({ 'x-forwarded-for': '203.0.113.9' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await query();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await t.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });
});

describe('demo seed', () => {
  it('is refused in production', async () => {
    const never = { loadTree: () => Promise.reject(new Error('must not be called')) } as unknown as RegionService;
    await expect(
      seedDemo(
        {
          regions: never,
          staff: {} as StaffService,
          campaigns: {} as CampaignService,
          households: {} as HouseholdService,
        },
        'production',
      ),
    ).rejects.toThrow('the demo seed is never loaded in production');
  });
});
