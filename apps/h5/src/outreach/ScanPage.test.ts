import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearSession, saveSession } from '../session';
import { stubServer } from '../testing/graphql-stub';
import { openPage, pageText } from '../testing/mount-page';

const EVENT_ID = '3f9a7c1e-2b4d-4e8f-9a6b-1c2d3e4f5a6b';
const signUp = (checkedOut: boolean) => ({
  id: 's1',
  status: 'CHECKED_IN',
  waitlistPosition: null,
  signedUpAt: '2026-05-01T00:00:00.000Z',
  checkedInAt: '2026-05-02T01:05:00.000Z',
  checkedOutAt: checkedOut ? '2026-05-02T02:35:00.000Z' : null,
  hours: checkedOut ? 1.5 : 0,
  certificateNo: null,
  event: {
    id: EVENT_ID,
    title: '送医下乡·健康义诊',
    kind: 'MEDICAL',
    region: { code: '370404001002', name: '东关社区' },
    place: '村委会',
    organiser: '峄城区卫生健康局',
    description: null,
    startsAt: '2026-05-02T01:00:00.000Z',
    endsAt: '2026-05-02T03:00:00.000Z',
    capacity: 10,
    confirmedCount: 3,
    waitlistCount: 0,
    seatsLeft: 7,
    neededSkills: [],
    status: 'SCHEDULED',
    cancelReason: null,
  },
});

describe('scanning the event’s code', () => {
  beforeEach(() => {
    saveSession('donor', { token: 'donor-token', expiresAt: new Date(Date.now() + 3600_000).toISOString() });
  });
  afterEach(() => clearSession('donor'));

  it('checks in with a check-in code opened from WeChat’s scanner', async () => {
    const calls = stubServer({ CheckInByCode: () => ({ checkInByCode: signUp(false) }) });
    await openPage(`/outreach/scan?code=${EVENT_ID}.i.1777777777.mac`);
    await vi.waitFor(() => expect(document.body.querySelector('[data-test=scan-result]')).not.toBeNull());
    expect(calls.map((c) => c.operation)).toEqual(['CheckInByCode']);
    expect(pageText()).toContain('签到成功');
  });

  it('checks out with a check-out code, and shows the hours', async () => {
    const calls = stubServer({ CheckOutByCode: () => ({ checkOutByCode: signUp(true) }) });
    await openPage(`/outreach/scan?code=${EVENT_ID}.o.1777777777.mac`);
    await vi.waitFor(() => expect(pageText()).toContain('签退成功'));
    expect(calls.map((c) => c.operation)).toEqual(['CheckOutByCode']);
    expect(pageText()).toContain('本次服务 1.5 小时');
  });

  it('refuses anything that is not an event code, without asking the server', async () => {
    const calls = stubServer({});
    await openPage('/outreach/scan?code=IT-7K3M9Q2X');
    await vi.waitFor(() => expect(pageText()).toContain('这不是活动签到码'));
    expect(calls).toEqual([]);
  });
});
