import { RegionScope } from './region-scope';
import { Role } from './role';
import { summarize } from './audit.service';
import { MemoryAttemptStore } from './login-throttle';

describe('RegionScope', () => {
  const town = RegionScope.of({ role: Role.TOWN_OPERATOR, regionId: 'r', regionPath: '370404/370404001' });

  it('covers its region and the regions below, nothing beside or above', () => {
    expect(town.covers({ path: '370404/370404001' })).toBe(true);
    expect(town.covers({ path: '370404/370404001/370404001002' })).toBe(true);
    expect(town.covers({ path: '370404/370404002' })).toBe(false);
    expect(town.covers({ path: '370404/3704040011' })).toBe(false);
    expect(town.covers({ path: '370404' })).toBe(false);
  });

  it('lets everyone but the auditor change things', () => {
    expect(town.mayChange).toBe(true);
    expect(RegionScope.of({ role: Role.AUDITOR, regionId: 'r', regionPath: '370404' }).mayChange).toBe(false);
  });
});

describe('audit summaries', () => {
  it('keep the input but never a password, secret or token', () => {
    expect(
      summarize({ username: 'li', password: 'x', nested: { newPassword: 'y', ok: 1 }, skipped: undefined }),
    ).toEqual({
      username: 'li',
      password: '[redacted]',
      nested: { newPassword: '[redacted]', ok: 1 },
    });
  });
});

describe('attempt counters in memory', () => {
  it('count within a window, then start again; locks expire', async () => {
    let now = 0;
    const store = new MemoryAttemptStore(() => now);
    expect(await store.hit('k', 60)).toBe(1);
    expect(await store.hit('k', 60)).toBe(2);
    now = 61_000;
    expect(await store.hit('k', 60)).toBe(1);
    await store.lock('k', 900);
    expect(await store.lockedFor('k')).toBe(900);
    now += 900_000;
    expect(await store.lockedFor('k')).toBe(0);
  });
});
