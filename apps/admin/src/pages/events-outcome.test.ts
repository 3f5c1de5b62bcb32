import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutreachEventDetail } from '../api/operations';
import { clearSession } from '../session';
import { graphqlError, settle, stubServer, type GraphqlCall } from '../testing/graphql-stub';
import { mountPage, signInAs } from '../testing/mount';
import EventsPage from './EventsPage.vue';

const REGION_TREE = () => ({ region: { code: '370404001', name: '坛山街道', level: 'TOWN', children: [] } });
const EVENT = {
  id: 'e1',
  title: '送医下乡义诊',
  kind: 'MEDICAL',
  status: 'SCHEDULED',
  startsAt: '2026-12-01T01:00:00.000Z',
  endsAt: '2026-12-01T04:00:00.000Z',
  place: '东关社区卫生室',
  organiser: '坛山街道',
  capacity: 10,
  confirmedCount: 3,
  waitlistCount: 0,
  region: { code: '370404001002', name: '东关社区' },
};
function detail(record: OutreachEventDetail['record']): OutreachEventDetail {
  return {
    ...EVENT,
    kind: 'MEDICAL',
    status: record ? 'COMPLETED' : 'SCHEDULED',
    description: null,
    neededSkills: [],
    cancelReason: null,
    record,
  };
}

beforeEach(() => clearSession());
afterEach(() => vi.restoreAllMocks());

function setupState<T>(wrapper: { vm: unknown }): T {
  return (wrapper.vm as { $: { setupState: T } }).$.setupState;
}
const $ = <E extends Element = HTMLElement>(selector: string): E | null => document.querySelector<E>(selector);

interface Upload {
  purpose: FormDataEntryValue | null;
  authorization: string | null;
}

/** The events page with its detail dialog open at the 记录活动成果 form; uploads answer as POST /files does. */
async function openOutcomeForm(recordAnswer: (variables: Record<string, unknown>) => unknown) {
  signInAs('TOWN_OPERATOR', '370404001');
  const uploads: Upload[] = [];
  const calls: GraphqlCall[] = stubServer(
    {
      ConsoleEvents: () => ({ events: [EVENT] }),
      ConsoleRegionTree: REGION_TREE,
      ConsoleEventDetail: () => ({ event: detail(null) }),
      ConsoleEventRoster: () => ({ eventRoster: [] }),
      ConsoleRecordEventOutcome: recordAnswer,
    },
    (url, init) => {
      if (url !== '/files') return new Response('not found', { status: 404 });
      uploads.push({
        purpose: (init?.body as FormData).get('purpose'),
        authorization: new Headers(init?.headers).get('authorization'),
      });
      const n = uploads.length;
      // A public purpose: the lasting address, no signed one.
      return Response.json(
        { id: `photo-${n}`, url: `/files/${n}.jpg`, width: 800, height: 600, contentType: 'image/jpeg' },
        { status: 201 },
      );
    },
  );
  const { wrapper } = await mountPage(EventsPage, '/events');
  await settle(10);
  await wrapper.find('[data-test=event-detail]').trigger('click');
  await settle(10);
  $('[data-test=write-record-outcome]')!.click();
  await settle(5);
  return { wrapper, calls, uploads };
}

async function choosePhotos(count: number): Promise<void> {
  const input = $<HTMLInputElement>('[data-test=outcome-photos-input]')!;
  const files = Array.from({ length: count }, (_, i) => new File([`jpeg-${i}`], `p${i}.jpg`, { type: 'image/jpeg' }));
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change'));
  await settle(15);
}

describe('下乡活动: 记录活动成果 with uploaded photos', () => {
  it('uploads the photos as event-photo, shows them, and sends the ids kept (a removed one left out)', async () => {
    let sent: Record<string, unknown> | undefined;
    const { wrapper, calls, uploads } = await openOutcomeForm((variables) => {
      sent = variables;
      return {
        recordEventOutcome: detail({
          attendance: 3,
          peopleServed: 86,
          summary: null,
          recordedAt: '2026-12-01T05:00:00.000Z',
          photoUrls: [],
          photoIds: ['photo-2'],
          photos: [{ id: 'photo-2', url: '/files/2.jpg', contentType: 'image/jpeg' }],
          services: [],
        }),
      };
    });
    // The form offers an upload, no address to type.
    expect($('[data-test=outcome-form] input[type=url]')).toBeNull();
    await choosePhotos(2);
    expect(uploads).toEqual([
      { purpose: 'event-photo', authorization: 'Bearer token-TOWN_OPERATOR' },
      { purpose: 'event-photo', authorization: 'Bearer token-TOWN_OPERATOR' },
    ]);
    const thumbs = () => [...document.querySelectorAll<HTMLImageElement>('[data-test=outcome-photos-item] img')];
    expect(thumbs().map((img) => img.getAttribute('src'))).toEqual(['/files/1.jpg', '/files/2.jpg']);
    document.querySelector<HTMLButtonElement>('[data-test=outcome-photos-item] button')!.click();
    await settle(5);
    expect(thumbs().map((img) => img.getAttribute('src'))).toEqual(['/files/2.jpg']);

    setupState<{ outcome: { peopleServed: number } }>(wrapper).outcome.peopleServed = 86;
    $('[data-test=outcome-form]')!.dispatchEvent(new Event('submit'));
    await settle(15);
    expect(calls.filter((c) => c.operation === 'ConsoleRecordEventOutcome')).toHaveLength(1);
    expect(sent).toEqual({ eventId: 'e1', input: { peopleServed: 86, services: [], photoIds: ['photo-2'] } });
    // The record as filed, with its photo.
    const shown = [...document.querySelectorAll<HTMLImageElement>('[data-test=event-photos] img')];
    expect(shown.map((img) => img.getAttribute('src'))).toEqual(['/files/2.jpg']);
    expect($('[data-test=event-outcome]')!.textContent).toContain('86 人次');
  });

  it('shows the server’s refusal of a photo under the photo field, in its words', async () => {
    const { wrapper } = await openOutcomeForm(() => {
      throw graphqlError(
        'BAD_USER_INPUT',
        'input.photoIds[0]: 文件 photo-1 的用途是 attachment，这里只接受 event-photo',
        'input.photoIds[0]',
      );
    });
    await choosePhotos(1);
    setupState<{ outcome: { peopleServed: number } }>(wrapper).outcome.peopleServed = 5;
    $('[data-test=outcome-form]')!.dispatchEvent(new Event('submit'));
    await settle(15);
    expect($('[data-test=outcome-form] [data-field=photoIds] [data-test=field-error]')!.textContent).toBe(
      '文件 photo-1 的用途是 attachment，这里只接受 event-photo',
    );
    // Nothing recorded: the form stays, with the photo held.
    expect($('[data-test=event-outcome]')).toBeNull();
    expect(document.querySelectorAll('[data-test=outcome-photos-item]')).toHaveLength(1);
  });
});
