import { afterEach, describe, expect, it, vi } from 'vitest';
import { stubServer } from '../testing/graphql-stub';
import { openPage } from '../testing/mount-page';
import type { EventRecord, OutreachEventWithRecord } from './operations';

function event(record: EventRecord | null): OutreachEventWithRecord {
  return {
    id: 'e1',
    title: '送医下乡义诊',
    kind: 'MEDICAL',
    region: { code: '370404001002', name: '东关社区' },
    place: '卫生室',
    organiser: '坛山街道',
    description: null,
    startsAt: '2026-12-01T01:00:00.000Z',
    endsAt: '2026-12-01T04:00:00.000Z',
    capacity: 10,
    confirmedCount: 3,
    waitlistCount: 0,
    seatsLeft: 7,
    neededSkills: [],
    status: record ? 'COMPLETED' : 'SCHEDULED',
    cancelReason: null,
    record,
  };
}

describe('an event page after the event', () => {
  afterEach(() => {
    document.body.innerHTML = '';
    vi.unstubAllGlobals();
  });

  it('shows the outcome with its photos, uploaded ones first, then addresses of older records', async () => {
    stubServer({
      Event: () => ({
        event: event({
          peopleServed: 86,
          summary: '群众踊跃。',
          services: [{ name: '义诊', quantity: 80, unit: '人次' }],
          photos: [
            { id: 'p2', url: '/files/bb.jpg', width: 800, height: 600 },
            { id: 'p1', url: '/files/aa.jpg', width: 800, height: 600 },
          ],
          photoUrls: ['https://img.example.cn/old.jpg'],
        }),
      }),
    });
    await openPage('/outreach/events/e1');
    const outcome = document.body.querySelector('[data-test=event-outcome]')!;
    expect(outcome.textContent).toContain('服务群众 86 人次');
    expect(outcome.textContent).toContain('义诊 80人次');
    const photos = [...outcome.querySelectorAll('[data-test=event-photos] img')].map((img) => img.getAttribute('src'));
    expect(photos).toEqual(['/files/bb.jpg', '/files/aa.jpg', 'https://img.example.cn/old.jpg']);
  });

  it('shows no outcome before one is filed', async () => {
    stubServer({ Event: () => ({ event: event(null) }) });
    await openPage('/outreach/events/e1');
    expect(document.body.querySelector('[data-test=event-title], h2')!.textContent).toContain('送医下乡义诊');
    expect(document.body.querySelector('[data-test=event-outcome]')).toBeNull();
  });
});
