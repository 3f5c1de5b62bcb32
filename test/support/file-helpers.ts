import sharp from 'sharp';
import { bearer } from './auth-helpers';
import { TestApp } from './test-app';

/**
 * A small PNG uploaded through POST /files with that purpose, as the console does (a multipart
 * body as the browser's FormData sends it); its file id. `shade` makes each upload's bytes differ.
 */
export async function uploadPng(t: TestApp, token: string, purpose: string, shade: number): Promise<string> {
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: shade, g: 90, b: 60 } } })
    .png()
    .toBuffer();
  const data = new FormData();
  data.append('purpose', purpose);
  data.append('file', new Blob([png], { type: 'image/png' }), 'photo.png');
  const request = new Request('http://localhost/files', { method: 'POST', body: data });
  const res = await t.app.inject({
    method: 'POST',
    url: '/files',
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type') ?? '', ...bearer(token) },
  });
  if (res.statusCode !== 201) throw new Error(`POST /files answered ${res.statusCode}: ${res.body}`);
  return res.json<{ id: string }>().id;
}
