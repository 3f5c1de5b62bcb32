import { H5_CONTENT_SECURITY_POLICY } from '@shanchou/api';
import { createTestApp, TestApp } from '@shanchou/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The H5 pages as apps/api serves them: a built folder laid out the way Vite writes it. */
describe('the H5 pages at /h5/', () => {
  const INDEX = '<!doctype html><html lang="zh-CN"><title>善筹</title><div id="app"></div></html>';
  const SCRIPT = `console.log(${JSON.stringify('善筹'.repeat(400))});`;
  let dir: string;
  let t: TestApp;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'shanchou-h5-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), INDEX);
    writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(dir, 'assets', 'index-B2x9Qk1a.js'), SCRIPT);
    writeFileSync(path.join(dir, 'assets', 'index-B2x9Qk1a.js.gz'), gzipSync(SCRIPT));
    t = await createTestApp({ h5Dir: dir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it('sends a visitor at / to the pages', async () => {
    const root = await get('/');
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/h5/');
    const bare = await get('/h5');
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/h5/');
  });

  it('serves index.html, asked again on every visit, under the pages’ own content policy', async () => {
    const res = await get('/h5/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toBe(INDEX);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(H5_CONTENT_SECURITY_POLICY);
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('answers a client route (history mode) with index.html, the query kept for the page', async () => {
    for (const url of ['/h5/campaigns/cixin-yiri-juan-2026', '/h5/ledger/verify?seq=12', '/h5/oauth-callback?code=x']) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe(INDEX);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year and sends them compressed to clients that take it', async () => {
    const plain = await get('/h5/assets/index-B2x9Qk1a.js');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/javascript/);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.body).toBe(SCRIPT);
    const gzipped = await get('/h5/assets/index-B2x9Qk1a.js', { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.rawPayload.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 4);
    const other = await get('/h5/favicon.svg');
    expect(other.statusCode).toBe(200);
    expect(other.headers['cache-control']).toBe('no-cache');
  });

  it('answers a missing file with 404, never with the page (a stale script must not get HTML)', async () => {
    for (const url of ['/h5/assets/index-OLD0hash.js', '/h5/missing.png']) {
      const res = await get(url);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
    }
  });

  it('keeps the API’s own policy on /graphql', async () => {
    const res = await t.gql('{ clientConfig { wechatAppId } }');
    expect(res.status).toBe(200);
    const raw = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ clientConfig { wechatAppId } }' }),
    });
    expect(raw.headers['content-security-policy']).toMatch(/^default-src 'self';/);
    expect(raw.headers['content-security-policy']).not.toBe(H5_CONTENT_SECURITY_POLICY);
  });
});

describe('the H5 pages before they are built', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ h5Dir: path.join(tmpdir(), 'shanchou-h5-never-built') });
  });
  afterAll(() => t.close());

  it('answers 503 with what to run, and says so in the log', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/h5/campaigns/x' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:h5');
    expect(t.logs.some((l) => l.msg === 'the H5 pages are not built (npm run build:h5): /h5/ answers 503')).toBe(true);
  });
});

describe('clientConfig', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ listen: true });
  });
  afterAll(() => t.close());

  it('tells the pages where to authorise and that the stand-in takes payments', async () => {
    const res = await t.gql<{
      clientConfig: { wechatAppId: string; wechatAuthorizeUrl: string; wechatPaySimulated: boolean };
    }>('{ clientConfig { wechatAppId wechatAuthorizeUrl wechatPaySimulated } }');
    expect(res.data!.clientConfig).toEqual({
      wechatAppId: t.config.wechat.appId,
      wechatAuthorizeUrl: `${t.baseUrl}/wechat-sim/connect/oauth2/authorize`,
      wechatPaySimulated: true,
    });
  });

  it('points at an authorise page that sends the browser back to the pages with a code', async () => {
    const url = new URL(`${t.baseUrl}/wechat-sim/connect/oauth2/authorize`);
    url.search = new URLSearchParams({
      appid: t.config.wechat.appId,
      redirect_uri: `${t.baseUrl}/h5/oauth-callback`,
      response_type: 'code',
      scope: 'snsapi_base',
      state: 'abc123',
    }).toString();
    const res = await fetch(`${url.toString()}#wechat_redirect`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location')!);
    expect(back.pathname).toBe('/h5/oauth-callback');
    expect(back.searchParams.get('state')).toBe('abc123');
    expect(back.searchParams.get('code')).toMatch(/\S+/);
  });
});
