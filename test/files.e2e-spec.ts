import { FilesService } from '@shanchou/files';
import { Role, StaffService } from '@shanchou/identity';
import { bearer, createTestApp, donorLogin, loginAs, TestApp } from '@shanchou/test';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import sharp from 'sharp';
import { DataSource } from 'typeorm';

interface Upload {
  id: string;
  url: string;
  signedUrl?: string;
  width: number | null;
  height: number | null;
  contentType: string;
  sha256: string;
}

/** A multipart body as a browser's FormData would send it. */
async function form(
  fields: Record<string, string | { bytes: Buffer; name: string; type?: string }>,
): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') data.append(name, value);
    else data.append(name, new Blob([value.bytes], { type: value.type ?? 'application/octet-stream' }), value.name);
  }
  const request = new Request('http://localhost/files', { method: 'POST', body: data });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
  };
}

/** A 3000×1500 photo carrying GPS, camera and orientation EXIF (6: to be turned 90° clockwise). */
function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 3000, height: 1500, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg({ quality: 95 })
    .withExif({
      IFD0: { Make: 'ShanchouCam', Model: 'Field-1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '34/1 46/1 0/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '117/1 35/1 0/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** The EXIF block points to a GPS IFD (tag 0x8825, either byte order). */
function hasGpsIfd(exif: Buffer | undefined): boolean {
  return !!exif && (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

describe('files (POST /files, /files/<sha256>.<ext>, /files/private/<id>)', () => {
  let t: TestApp;
  let dir: string;
  let admin: string;
  let town: string;
  let town2: string;
  let village: string;
  let auditor: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'shanchou-files-'));
    t = await createTestApp({ demo: true, listen: true, env: { FILES_DIR: dir } });
    await t.app.get(StaffService).provision([
      {
        username: 'files-auditor',
        displayName: '审计',
        role: Role.AUDITOR,
        regionCode: '370404',
        password: 'audit-2026',
      },
    ]);
    [admin, town, town2, village] = await Promise.all(
      ['demo-district', 'demo-town', 'demo-town2', 'demo-village'].map((u) => loginAs(t, u)),
    );
    auditor = await loginAs(t, 'files-auditor', 'audit-2026');
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function upload(
    token: string | null,
    fields: Parameters<typeof form>[0],
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const { payload, headers } = await form(fields);
    const res = await t.app.inject({
      method: 'POST',
      url: '/files',
      payload,
      headers: { ...headers, ...(token ? bearer(token) : {}) },
    });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  }

  function storedObjects(): string[] {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.[a-z]+$/.test(f));
  }

  it('takes a photo, turns it upright, fits it in 2048 px and strips its EXIF and GPS; serves it cached for good', async () => {
    const original = await photoWithGps();
    const before = await sharp(original).metadata();
    expect(hasGpsIfd(before.exif)).toBe(true);
    expect(before.orientation).toBe(6);

    const res = await upload(admin, { file: { bytes: original, name: 'IMG_0001.jpg', type: 'image/jpeg' } });
    expect(res.status).toBe(201);
    const answer = res.body as unknown as Upload;
    // Orientation 6 turns the 3000×1500 landscape upright: 1500×3000, fitted into 2048.
    expect(answer).toMatchObject({ contentType: 'image/jpeg', width: 1024, height: 2048 });
    expect(answer.url).toBe(`/files/${answer.sha256}.jpg`);

    const got = await t.app.inject({ method: 'GET', url: answer.url });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    const stored = got.rawPayload;
    expect(createHash('sha256').update(stored).digest('hex')).toBe(answer.sha256);
    const after = await sharp(stored).metadata();
    expect(after.format).toBe('jpeg');
    expect([after.width, after.height]).toEqual([1024, 2048]);
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(stored.includes(Buffer.from('ShanchouCam'))).toBe(false);
    expect(stored.length).toBeLessThan(original.length);
  });

  it('keeps the same photo once: the second upload is the same file and the same object', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: '#3a7' } })
      .png()
      .toBuffer();
    const first = await upload(admin, { file: { bytes: png, name: 'a.png' } });
    const objects = storedObjects().length;
    const second = await upload(admin, { file: { bytes: png, name: 'copy of a.png' } });
    expect(first.status).toBe(201);
    expect(second.body).toMatchObject({ id: first.body.id, url: first.body.url, width: 40, height: 30 });
    expect(storedObjects()).toHaveLength(objects);
    // WebP too, told by its bytes whatever the name and declared type say.
    const webp = await sharp({ create: { width: 3000, height: 3000, channels: 3, background: '#357' } })
      .webp()
      .toBuffer();
    const asWebp = await upload(admin, { file: { bytes: webp, name: 'c.bin', type: 'text/plain' } });
    expect(asWebp.body).toMatchObject({ contentType: 'image/webp', width: 2048, height: 2048 });
    // A small image is never enlarged; the same bytes for another purpose are another file, one object.
    const small = await upload(town, { file: { bytes: png, name: 'b.png' }, purpose: 'attachment' });
    expect(small.body).toMatchObject({ width: 40, height: 30, contentType: 'image/png' });
    expect(small.body.sha256).toBe(first.body.sha256);
    expect(storedObjects()).toHaveLength(objects + 1);
  });

  it('refuses what is not an image, naming the problem, whatever its name and declared type', async () => {
    const text = await upload(admin, {
      file: { bytes: Buffer.from('<script>alert(1)</script>'), name: 'photo.jpg', type: 'image/jpeg' },
    });
    expect(text.status).toBe(400);
    expect(text.body).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(text.body.message).toMatch(/文件类型不支持：只接受 JPEG、PNG、WebP 图片/);

    const gif = await upload(admin, {
      file: { bytes: Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'), name: 'a.gif' },
    });
    expect(gif.body.message).toMatch(/GIF/);

    const broken = await upload(admin, {
      file: { bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 1, 2, 3]), name: 'cut.jpg' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/图片无法读取/);

    const none = await upload(admin, { purpose: 'campaign-image' });
    expect(none).toMatchObject({ status: 400, body: { field: 'file' } });
    const purpose = await upload(admin, { purpose: 'selfie', file: { bytes: PDF, name: 'a.pdf' } });
    expect(purpose).toMatchObject({ status: 400, body: { field: 'purpose' } });
    expect(purpose.body.message).toMatch(/用途不支持：selfie/);
    expect(storedObjects().some((f) => f.endsWith('.pdf'))).toBe(false);
  });

  it('takes a PDF for an attachment but not as a campaign image; an OFD as an official receipt', async () => {
    const asImage = await upload(admin, { file: { bytes: PDF, name: 'budget.pdf', type: 'application/pdf' } });
    expect(asImage.status).toBe(400);
    expect(asImage.body.message).toMatch(/PDF、OFD 只能作为附件/);

    const attachment = await upload(town, { purpose: 'attachment', file: { bytes: PDF, name: 'budget.pdf' } });
    expect(attachment.status).toBe(201);
    expect(attachment.body).toMatchObject({ contentType: 'application/pdf', width: null, height: null });
    expect(attachment.body.url).toBe(`/files/private/${String(attachment.body.id)}`);

    const ofd = await ofdZip();
    const receipt = await upload(admin, { file: { bytes: ofd, name: 'piaoju.ofd' }, purpose: 'official-receipt' });
    expect(receipt.status).toBe(201);
    expect(receipt.body.contentType).toBe('application/ofd');
    const notOfd = await upload(admin, {
      file: { bytes: await zipOf('readme.txt'), name: 'x.ofd' },
      purpose: 'attachment',
    });
    expect(notOfd.status).toBe(400);
    expect(notOfd.body.message).toMatch(/不含 OFD\.xml/);
  });

  it('refuses uploads without a valid staff token (401), and from auditors and donors (403), in Chinese', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    const anonymous = await upload(null, { file: { bytes: png, name: 'a.png' } });
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    expect(anonymous.body.message).toMatch(/请先登录/);
    const forged = await upload('not-a-token', { file: { bytes: png, name: 'a.png' } });
    expect(forged.status).toBe(401);
    const audit = await upload(auditor, { file: { bytes: png, name: 'a.png' } });
    expect(audit).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(audit.body.message).toMatch(/审计员只能查看/);
    const donor = await donorLogin(t, 'o-files-donor-1');
    const byDonor = await upload(donor.token, { file: { bytes: png, name: 'a.png' } });
    expect(byDonor).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(byDonor.body.message).toMatch(/只有工作人员/);
  });

  it('names the size limit: 10 MB for an image, 20 MB for a PDF', async () => {
    const bigImage = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(11 * 1024 * 1024)]);
    const image = await upload(admin, { file: { bytes: bigImage, name: 'big.jpg' } });
    expect(image).toMatchObject({ status: 400, body: { field: 'file' } });
    expect(image.body.message).toMatch(/文件过大：图片最大 10 MB/);
    const bigPdf = Buffer.concat([PDF, Buffer.alloc(21 * 1024 * 1024)]);
    const pdf = await upload(admin, { file: { bytes: bigPdf, name: 'big.pdf' }, purpose: 'attachment' });
    expect(pdf).toMatchObject({ status: 400, body: { field: 'file' } });
    expect(pdf.body.message).toMatch(/PDF、OFD 文件最大 20 MB/);
    const two = await upload(admin, {
      file: { bytes: PDF, name: 'a.pdf' },
      purpose: 'attachment',
      other: { bytes: PDF, name: 'b.pdf' },
    });
    expect(two.status).toBe(400);
  });

  it('serves an official receipt to the donor it was made out to, and to no other donor', async () => {
    const res = await upload(admin, { purpose: 'official-receipt', file: { bytes: PDF, name: 'piaoju.pdf' } });
    const file = res.body as unknown as Upload;
    const owner = await donorLogin(t, 'o-files-owner');
    const other = await donorLogin(t, 'o-files-other');
    const get = (token: string) => t.app.inject({ method: 'GET', url: file.url, headers: bearer(token) });
    expect((await get(owner.token)).statusCode).toBe(404);
    await t.app.get(DataSource).transaction((tx) => t.app.get(FilesService).assignOwner(tx, file.id, owner.donorId));
    const served = await get(owner.token);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('application/pdf');
    expect(served.rawPayload.equals(PDF)).toBe(true);
    expect((await get(other.token)).statusCode).toBe(404);
    // Auditors read what their scope holds, changing nothing.
    expect((await get(auditor)).statusCode).toBe(200);
  });

  it('serves a private file only to staff in scope: 404 to anonymous, other towns and public addresses', async () => {
    const photo = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#a33' } })
      .jpeg()
      .toBuffer();
    const res = await upload(village, { purpose: 'delivery-photo', file: { bytes: photo, name: 'handover.jpg' } });
    expect(res.status).toBe(201);
    const file = res.body as unknown as Upload;
    // The file belongs to the region of its uploader's scope (the village), and names who sent it.
    const [row] = await t.app
      .get(DataSource)
      .query<{ region_code: string; uploaded_by: string | null }[]>(
        'SELECT region_code, uploaded_by FROM stored_file WHERE id = $1',
        [file.id],
      );
    expect(row.region_code).toMatch(/^\d{12}$/);
    expect(row.uploaded_by).toBeTruthy();
    const at = (url: string, token?: string) =>
      t.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });

    for (const who of [undefined, town2, 'forged']) {
      const refused = await at(file.url, who);
      expect(refused.statusCode).toBe(404);
      expect(refused.json<{ message: string }>().message).toMatch(/没有找到该文件/);
    }
    // The village's own staff, its town's operator and the district admin: in scope.
    for (const who of [village, town, admin]) {
      const served = await at(file.url, who);
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('image/jpeg');
      expect(served.headers['cache-control']).toBe('private, no-store');
    }
    // The content address of a private file is not public.
    expect((await at(`/files/${file.sha256}.jpg`)).statusCode).toBe(404);
    // The signed address works without a header, for an <img>, and only for its own file.
    expect(file.signedUrl).toMatch(/^\/files\/private\/.+\?ticket=\d+\.[\w-]+$/);
    expect((await at(file.signedUrl!)).statusCode).toBe(200);
    const ticket = new URL(file.signedUrl!, 'http://x').searchParams.get('ticket')!;
    const other = (await upload(admin, { purpose: 'attachment', file: { bytes: PDF, name: 'x.pdf' } })).body;
    expect((await at(`/files/private/${String(other.id)}?ticket=${ticket}`)).statusCode).toBe(404);
    expect((await at(`${file.url}?ticket=${ticket.slice(0, -2)}xx`)).statusCode).toBe(404);
    const expired = t.app
      .get(FilesService)
      .signedUrlOf(
        { id: file.id, sha256: file.sha256, ext: 'jpg', purpose: 'delivery-photo' as never },
        Date.now() - 3600_000,
      );
    expect((await at(expired)).statusCode).toBe(404);
    expect((await at(`/files/${file.sha256}.png`)).statusCode).toBe(404);
    expect((await at(`/files/${'0'.repeat(64)}.jpg`)).statusCode).toBe(404);

    // The console asks for files by id (a fund request's attachmentIds) and gets addresses it can show.
    const listed = (token: string) =>
      t.gql<{ files: { id: string; url: string; contentType: string }[] }>(
        'query($ids: [ID!]!) { files(ids: $ids) { id url contentType width height } }',
        { ids: [file.id, other.id as string] },
        bearer(token),
      );
    expect((await listed(town2)).data!.files).toEqual([]);
    const mine = (await listed(town)).data!.files;
    expect(mine.map((f) => f.id)).toEqual([file.id]);
    expect(mine[0].url).toMatch(/^\/files\/private\/.+\?ticket=/);
    expect((await at(mine[0].url)).statusCode).toBe(200);
    expect((await listed(admin)).data!.files.map((f) => f.id)).toEqual([file.id, other.id]);
    expect((await at('/files/private/00000000-0000-0000-0000-000000000000', admin)).statusCode).toBe(404);
  });

  it('takes multipart bodies on POST /files only', async () => {
    const { payload, headers } = await form({ query: '{ __typename }' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      payload,
      headers: { ...headers, ...bearer(admin) },
    });
    expect(res.statusCode).toBe(415);
  });
});

/** A zip whose central directory names these entries (stored, empty). */
function zipOf(...names: string[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n);
    centrals.push(central, n);
    offset += 30 + n.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Promise.resolve(Buffer.concat([...locals, dir, end]));
}

function ofdZip(): Promise<Buffer> {
  return zipOf('OFD.xml', 'Doc_0/Document.xml');
}
