import { CreateBucketCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { objectKey, openS3FileStore, type S3FileStore } from '@shanchou/files';
import { bearer, createTestApp, loginAs, TestApp } from '@shanchou/test';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import S3rver from 's3rver';
import sharp from 'sharp';

/** s3rver's fixed credentials: it checks every request's signature against them. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** The S3 store against a real S3 protocol server (s3rver), as production talks to OSS, COS or MinIO. */
describe('S3FileStore against s3rver', () => {
  let server: S3rver;
  let dir: string;
  let endpoint: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'shanchou-s3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
    const address = await server.run();
    endpoint = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function storeFor(bucket: string): Promise<S3FileStore> {
    return openS3FileStore({ endpoint, bucket, region: 'us-east-1', forcePathStyle: true, ...CREDENTIALS });
  }

  it('creates the bucket, puts, heads and gets an object; a missing one is null', async () => {
    const store = await storeFor('shanchou-store');
    try {
      await store.client.send(new CreateBucketCommand({ Bucket: 'shanchou-store' }));
      const bytes = Buffer.from('%PDF-1.4\n%%EOF\n');
      const key = objectKey(createHash('sha256').update(bytes).digest('hex'), 'pdf');
      expect(await store.has(key)).toBe(false);
      expect(await store.get(key)).toBeNull();
      await store.put(key, bytes, 'application/pdf');
      expect(await store.has(key)).toBe(true);
      expect(await store.get(key)).toEqual(bytes);
      const head = await store.client.send(new HeadObjectCommand({ Bucket: 'shanchou-store', Key: key }));
      expect(head).toMatchObject({ ContentType: 'application/pdf', ContentLength: bytes.length });
      // Content-addressed: the same key again changes nothing.
      await store.put(key, bytes, 'application/pdf');
      expect(await store.get(key)).toEqual(bytes);
    } finally {
      store.close();
    }
  });

  describe('the app with S3_* set', () => {
    let t: TestApp;

    beforeAll(async () => {
      const store = await storeFor('shanchou-app');
      await store.client.send(new CreateBucketCommand({ Bucket: 'shanchou-app' }));
      store.close();
      t = await createTestApp({
        demo: true,
        env: {
          S3_ENDPOINT: endpoint,
          S3_BUCKET: 'shanchou-app',
          S3_REGION: 'us-east-1',
          S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
          S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
          S3_FORCE_PATH_STYLE: 'true',
        },
      });
    });
    afterAll(() => t?.close());

    it('keeps an upload in the bucket and serves it back', async () => {
      const admin = await loginAs(t, 'demo-district');
      const png = await sharp({ create: { width: 3000, height: 100, channels: 3, background: '#0a6' } })
        .png()
        .toBuffer();
      const data = new FormData();
      data.append('file', new Blob([png]), 'banner.png');
      const request = new Request('http://localhost/files', { method: 'POST', body: data });
      const res = await t.app.inject({
        method: 'POST',
        url: '/files',
        payload: Buffer.from(await request.arrayBuffer()),
        headers: { 'content-type': request.headers.get('content-type') ?? '', ...bearer(admin) },
      });
      expect(res.statusCode).toBe(201);
      const answer = res.json<{ url: string; sha256: string; width: number; height: number }>();
      expect([answer.width, answer.height]).toEqual([2048, 68]);

      const store = await storeFor('shanchou-app');
      try {
        const inBucket = await store.get(objectKey(answer.sha256, 'png'));
        expect(inBucket && createHash('sha256').update(inBucket).digest('hex')).toBe(answer.sha256);
      } finally {
        store.close();
      }
      const got = await t.app.inject({ method: 'GET', url: answer.url });
      expect(got.statusCode).toBe(200);
      expect(got.headers['content-type']).toBe('image/png');
      expect(createHash('sha256').update(got.rawPayload).digest('hex')).toBe(answer.sha256);
    });
  });
});
