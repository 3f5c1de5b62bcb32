import { bearer, caller, createTestApp, demoStaffTokens, registerItem, TestApp } from '@shanchou/test';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** What a phone's scanner reads from the PNG. */
function decode(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}

/** Draws the QR code of an SVG label (its module path) into pixels and reads it like a scanner. */
function decodeSvg(svg: string): string | null {
  const box = /viewBox="0 0 (\d+) \1" shape-rendering="crispEdges">\s*<path fill="#000" d="([^"]+)"/.exec(svg);
  if (!box) return null;
  const [size, scale] = [Number(box[1]), 6];
  const pixels = new Uint8ClampedArray(size * scale * size * scale * 4).fill(255);
  for (const [, x, y] of box[2].matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const at = ((Number(y) * scale + dy) * size * scale + Number(x) * scale + dx) * 4;
        pixels.fill(0, at, at + 3);
      }
    }
  }
  return jsQR(pixels, size * scale, size * scale)?.data ?? null;
}

describe('QR labels', () => {
  let t: TestApp;
  let tokens: Awaited<ReturnType<typeof demoStaffTokens>>;
  let item: string;
  let parcel: string;

  const get = (url: string, token?: string) =>
    t.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    tokens = await demoStaffTokens(t);
    item = await registerItem(t, tokens.town, {
      category: '被褥',
      description: '加厚棉被 1.8m',
      quantity: 6,
      unit: '床',
    });
    const other = await registerItem(t, tokens.town, {
      category: '文具',
      description: '书包',
      quantity: 3,
      unit: '个',
    });
    const packed = await caller(
      t,
      tokens.town,
    )<{ packParcel: { code: string } }>(`mutation { packParcel(input: { itemCodes: ["${other}"] }) { code } }`);
    parcel = packed.data!.packParcel.code;
  });
  afterAll(() => t.close());

  it('prints an item’s QR code as a PNG that scans back to the code', async () => {
    const res = await get(`/labels/items/${item}.png`, tokens.town);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(decode(res.rawPayload)).toBe(item);
  });

  it('prints a parcel’s QR code too, and the scanned text is what the scan query takes', async () => {
    const res = await get(`/labels/parcels/${parcel}.png`, tokens.town);
    const scanned = decode(res.rawPayload)!;
    expect(scanned).toBe(parcel);
    const scan = await caller(
      t,
      tokens.town,
    )<{ scan: { kind: string; code: string; actions: string[] } }>(
      `{ scan(code: "${scanned}") { kind code actions } }`,
    );
    expect(scan.data!.scan).toEqual({ kind: 'PARCEL', code: parcel, actions: ['DISPATCH', 'UNPACK'] });
  });

  it('prints a label as SVG: the code, what it is, the centre, sized in millimetres', async () => {
    const res = await get(`/labels/items/${item.toLowerCase()}.svg`, tokens.town);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    const svg = res.body;
    expect(svg).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="70mm" height="37mm"/);
    expect(svg).toContain(`>${item}</text>`);
    expect(svg).toContain('被褥 · 加厚棉被');
    expect(svg).toContain('6床');
    expect(svg).toContain('坛山街道周转中心');
    expect(svg).not.toContain('style=');
    expect(decodeSvg(svg)).toBe(item);
  });

  it('prints an A4 sheet of labels for a batch, in the order asked', async () => {
    const res = await get(`/labels/sheet.svg?codes=${item},${parcel}`, tokens.town);
    expect(res.statusCode).toBe(200);
    const svg = res.body;
    expect(svg).toMatch(/width="210mm" height="297mm" viewBox="0 0 210 297"/);
    expect(svg.indexOf(`>${item}<`)).toBeGreaterThan(0);
    expect(svg.indexOf(`>${parcel}<`)).toBeGreaterThan(svg.indexOf(`>${item}<`));
    expect(svg).toContain('1 件物品');
  });

  it('refuses more than a sheet holds, a mistyped code, and a wrong file name', async () => {
    const many = Array.from({ length: 25 }, () => item).join(',');
    const tooMany = await get(`/labels/sheet.svg?codes=${many}`, tokens.town);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'codes' });
    const typo = `${item.slice(0, -1)}${item.endsWith('0') ? '1' : '0'}`;
    const mistyped = await get(`/labels/items/${typo}.png`, tokens.town);
    expect(mistyped.statusCode).toBe(400);
    expect(mistyped.json<{ message: string }>().message).toMatch(
      /^code: “.+” 的校验位不对：有字符输错了，请重新扫码或输入$/,
    );
    expect((await get(`/labels/items/${item}.jpg`, tokens.town)).statusCode).toBe(400);
    expect((await get(`/labels/parcels/${item}.svg`, tokens.town)).statusCode).toBe(400);
  });

  it('is for staff inside the scope only', async () => {
    expect((await get(`/labels/items/${item}.png`)).statusCode).toBe(401);
    expect((await get(`/labels/items/${item}.png`, tokens.town2)).statusCode).toBe(404);
    expect((await get(`/labels/sheet.svg?codes=${item}`, tokens.town2)).statusCode).toBe(404);
    expect((await get(`/labels/items/${item}.png`, tokens.district)).statusCode).toBe(200);
  });
});
