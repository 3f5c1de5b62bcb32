import {
  bearer,
  createEvent,
  createTestApp,
  GraphqlResponse,
  loginAs,
  outcome,
  shanghaiAt,
  TestApp,
} from '@shanchou/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { DataSource } from 'typeorm';

interface RecordView {
  peopleServed: number;
  photoUrls: string[];
  photoIds: string[];
  photos: { id: string; url: string; purpose: string; width: number; height: number }[];
}
interface EventView {
  status: string;
  record: RecordView | null;
}
const EVENT = `query($id: ID!) { event(eventId: $id) { status record {
  peopleServed photoUrls photoIds photos { id url purpose width height } } } }`;
const HAN = /\p{Script=Han}/u;

/**
 * 活动记录 photos as uploaded files (issue 17 of the district console): uploaded through POST /files
 * as event-photo, checked for existence, scope and purpose, kept in order with the record, and
 * shown publicly with the event, as the H5 event page and the console read it.
 */
describe('event outcome photos', () => {
  let t: TestApp;
  let dir: string;
  let town: string;
  let town2: string;
  const TANSHAN_VILLAGE = '370404001002';

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'shanchou-event-photos-'));
    t = await createTestApp({ demo: true, env: { FILES_DIR: dir } });
    [town, town2] = await Promise.all([loginAs(t, 'demo-town'), loginAs(t, 'demo-town2')]);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function upload(
    token: string,
    colour: string,
    purpose = 'event-photo',
  ): Promise<{ status: number; body: { id: string; url: string; signedUrl?: string; message?: string } }> {
    // A phone's photo: with EXIF (and so the place it was taken) that must not reach the public page.
    const jpeg = await sharp({ create: { width: 160, height: 120, channels: 3, background: colour } })
      .withExif({ IFD0: { Artist: 'cunganbu', ImageDescription: 'Dongguan 34.77N 117.59E' } })
      .jpeg()
      .toBuffer();
    const data = new FormData();
    data.append('purpose', purpose);
    data.append('file', new Blob([jpeg]), 'photo.jpg');
    const request = new Request('http://localhost/files', { method: 'POST', body: data });
    const res = await t.app.inject({
      method: 'POST',
      url: '/files',
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { 'content-type': request.headers.get('content-type') ?? '', ...bearer(token) },
    });
    return { status: res.statusCode, body: res.json() };
  }
  async function photo(token: string, colour: string, purpose = 'event-photo'): Promise<{ id: string; url: string }> {
    const res = await upload(token, colour, purpose);
    if (res.status !== 201) throw new Error(`upload failed: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  /** An event of the town that ended an hour ago (created ahead, as staff do, then run). */
  async function endedEvent(): Promise<string> {
    const id = await createEvent(t, town, {
      title: '送医下乡义诊',
      kind: 'MEDICAL',
      regionCode: TANSHAN_VILLAGE,
      startsAt: shanghaiAt(3, '09:00'),
      endsAt: shanghaiAt(3, '11:00'),
    });
    await t.app
      .get(DataSource)
      .query(
        `UPDATE outreach_event SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`,
        [id],
      );
    return id;
  }

  const record = (token: string, eventId: string, input: Record<string, unknown>) =>
    t.gql<{ recordEventOutcome: EventView }>(
      `mutation($id: ID!, $input: EventRecordInput!) { recordEventOutcome(eventId: $id, input: $input) {
        status record { peopleServed photoUrls photoIds photos { id url purpose width height } } } }`,
      { id: eventId, input },
      bearer(token),
    );
  async function eventView(id: string): Promise<EventView> {
    const res = await t.gql<{ event: EventView }>(EVENT, { id });
    expect(res.errors).toBeUndefined();
    return res.data!.event;
  }
  function refusal(res: GraphqlResponse): { field?: string; message: string } {
    expect(outcome(res)).toBe('BAD_USER_INPUT');
    const [error] = res.errors!;
    expect(error.message).toMatch(HAN);
    return { field: error.extensions?.field, message: error.message };
  }

  it('takes event-photo uploads: public, without EXIF, shown with the event in order beside older addresses', async () => {
    const id = await endedEvent();
    const [one, two] = [await photo(town, '#c33'), await photo(town, '#3c3')];
    // Public like campaign images: the lasting content address, no signed one.
    expect(one.url).toMatch(/^\/files\/[0-9a-f]{64}\.jpg$/);
    const res = await record(town, id, {
      peopleServed: 86,
      photoIds: [two.id, one.id, two.id],
      photoUrls: ['https://img.example.cn/outreach/old.jpg'],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordEventOutcome.status).toBe('COMPLETED');

    // Anyone reads the event page: the photos in the order sent, a photo sent twice shown once.
    const shown = (await eventView(id)).record!;
    expect(shown.photoIds).toEqual([two.id, one.id]);
    expect(shown.photos.map((p) => [p.id, p.url, p.purpose])).toEqual([
      [two.id, two.url, 'event-photo'],
      [one.id, one.url, 'event-photo'],
    ]);
    expect(shown.photos[0]).toMatchObject({ width: 160, height: 120 });
    expect(shown.photoUrls).toEqual(['https://img.example.cn/outreach/old.jpg']);

    const served = await t.app.inject({ method: 'GET', url: shown.photos[0].url });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['cache-control']).toContain('public');
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
  });

  it('refuses a photo that is not an uploaded event photo in the caller’s scope, naming it in Chinese, and records nothing', async () => {
    const id = await endedEvent();
    const attachment = await photo(town, '#888', 'attachment');
    const delivery = await photo(town, '#777', 'delivery-photo');
    const elsewhere = await photo(town2, '#555');
    const mine = await photo(town, '#333');

    const wrongPurpose = refusal(await record(town, id, { peopleServed: 1, photoIds: [attachment.id] }));
    expect(wrongPurpose).toMatchObject({ field: 'input.photoIds' });
    expect(wrongPurpose.message).toContain('用途是 attachment');
    expect(wrongPurpose.message).toContain('event-photo');
    // A private delivery photo (a household at its door) never becomes public through an event.
    const privatePhoto = refusal(await record(town, id, { peopleServed: 1, photoIds: [mine.id, delivery.id] }));
    expect(privatePhoto).toMatchObject({ field: 'input.photoIds[1]' });
    expect(privatePhoto.message).toContain('用途是 delivery-photo');

    const unknown = refusal(
      await record(town, id, { peopleServed: 1, photoIds: [mine.id, '00000000-0000-4000-8000-000000000000'] }),
    );
    expect(unknown).toMatchObject({ field: 'input.photoIds[1]' });
    expect(unknown.message).toContain('没有找到文件');
    // Uploaded by another town's staff: outside the caller's scope, as if it did not exist.
    const outside = refusal(await record(town, id, { peopleServed: 1, photoIds: [elsewhere.id] }));
    expect(outside.message).toContain('没有找到文件');

    const malformed = refusal(await record(town, id, { peopleServed: 1, photoIds: ['photo-1'] }));
    expect(malformed.field).toMatch(/photoIds$/);
    expect(malformed.message).toContain('文件编号');
    const tooMany = refusal(await record(town, id, { peopleServed: 1, photoIds: Array(31).fill(mine.id) }));
    expect(tooMany.message).toContain('最多 30 张');
    const typed = refusal(await record(town, id, { peopleServed: 1, photoUrls: ['http://x.cn/a.jpg'] }));
    expect(typed.message).toContain('https://');

    expect(await eventView(id)).toEqual({ status: 'SCHEDULED', record: null });
  });

  it('accepts event-photo uploads of images only', async () => {
    const data = new FormData();
    data.append('purpose', 'event-photo');
    data.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'report.pdf');
    const request = new Request('http://localhost/files', { method: 'POST', body: data });
    const res = await t.app.inject({
      method: 'POST',
      url: '/files',
      payload: Buffer.from(await request.arrayBuffer()),
      headers: { 'content-type': request.headers.get('content-type') ?? '', ...bearer(town) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<{ message: string }>().message).toContain('用途 event-photo 只接受 JPEG、PNG、WebP 图片');
  });
});
