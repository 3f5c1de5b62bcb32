import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { nonce, responseMessage, rsaSign } from './wechatpay-crypto';
import { BILL_DOWNLOAD_PATH, WECHATPAY_ORIGIN, WechatPayError, WechatPayHttp } from './wechatpay-http';
import { WechatPayUnavailableError } from './wechatpay-unavailable';
import { ErrorCode } from '@shanchou/core';

/**
 * The transport's rules, against a server that misbehaves on purpose (the stand-in always signs
 * correctly, so it cannot show a forged or stale answer being refused).
 */
describe('WechatPayHttp', () => {
  const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const intruder = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyPair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
  const PUB_KEY_ID = 'PUB_KEY_ID_0114232021092800000000000000000001';
  const keys = new Map<string, KeyObject>([
    [SERIAL, platform.publicKey],
    [PUB_KEY_ID, publicKeyPair.publicKey],
  ]);
  /** The serial our requests ask answers under, as WechatPayKeys would choose it. */
  let asking = SERIAL;
  const trust = { platformKeys: keys, requestSerial: () => asking };

  let server: Server;
  let base: string;
  let seen: { method?: string; url?: string; headers: IncomingHttpHeaders; body: string }[] = [];
  /** What the server answers next. */
  let reply: {
    status: number;
    body: string;
    signWith?: KeyObject;
    serial?: string;
    timestamp?: number;
    delayMs?: number;
  };

  function signed(
    body: string,
    key: KeyObject,
    timestamp = Math.floor(Date.now() / 1000),
    serial = SERIAL,
  ): Record<string, string> {
    const nonceStr = nonce();
    return {
      'wechatpay-timestamp': String(timestamp),
      'wechatpay-nonce': nonceStr,
      'wechatpay-serial': serial,
      'wechatpay-signature': rsaSign(responseMessage(String(timestamp), nonceStr, body), key),
    };
  }

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        const { status, body: text, signWith, timestamp, delayMs, serial } = reply;
        setTimeout(() => {
          res.writeHead(status, {
            ...(status === 204 ? {} : { 'content-type': 'application/json' }),
            ...(signWith ? signed(text, signWith, timestamp, serial) : {}),
          });
          res.end(text);
        }, delayMs ?? 0);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}/wechat-sim`;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => {
    seen = [];
    asking = SERIAL;
  });

  const http = (timeoutMs?: number) => new WechatPayHttp(`${base}/`, trust, timeoutMs);
  const query = () => http().get(`${WECHATPAY_ORIGIN}/v3/pay/transactions/out-trade-no/SC1?mchid=1`, {});

  it('sends what the package addressed to WeChat to the base URL, with the exact body it signed', async () => {
    reply = { status: 200, body: '{"prepay_id":"wx1"}', signWith: platform.privateKey };
    const params = { appid: 'wxshanchoudemo01', amount: { total: 100, currency: 'CNY' }, description: '慈心一日捐' };
    const out = await http().post(`${WECHATPAY_ORIGIN}/v3/pay/transactions/jsapi`, params, {
      Authorization: 'WECHATPAY2-SHA256-RSA2048 x',
      'Content-Type': 'application/json',
    });
    expect(out).toEqual({ status: 200, data: { prepay_id: 'wx1' } });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/wechat-sim/v3/pay/transactions/jsapi' });
    expect(seen[0].body).toBe(JSON.stringify(params));
    expect(seen[0].headers.authorization).toBe('WECHATPAY2-SHA256-RSA2048 x');
    await http().get(`${WECHATPAY_ORIGIN}/v3/pay/transactions/out-trade-no/SC1?mchid=1900000109`, {});
    expect(seen[1].url).toBe('/wechat-sim/v3/pay/transactions/out-trade-no/SC1?mchid=1900000109');
  });

  it.each([
    ['unsigned', { status: 200, body: '{"trade_state":"SUCCESS"}' }, 'missing headers'],
    [
      'signed by another key',
      { status: 200, body: '{"trade_state":"SUCCESS"}', signWith: intruder.privateKey },
      'bad signature',
    ],
    [
      'signed six minutes ago',
      {
        status: 200,
        body: '{"trade_state":"SUCCESS"}',
        signWith: platform.privateKey,
        timestamp: Math.floor(Date.now() / 1000) - 360,
      },
      'stale timestamp',
    ],
  ])('does not believe an answer %s', async (_what, answer, reason) => {
    reply = answer;
    const err = await http()
      .get(`${WECHATPAY_ORIGIN}/v3/pay/transactions/out-trade-no/SC1?mchid=1`, {})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatPayError);
    expect(err).toMatchObject({ status: 200, code: 'UNSIGNED_ANSWER' });
    expect((err as Error).message).toContain(reason);
  });

  it('names the key it wants answers under in Wechatpay-Serial, and keeps one a call names itself', async () => {
    reply = { status: 200, body: '{}', signWith: platform.privateKey };
    await query();
    expect(seen[0].headers['wechatpay-serial']).toBe(SERIAL);
    asking = PUB_KEY_ID;
    reply = { status: 200, body: '{}', signWith: publicKeyPair.privateKey, serial: PUB_KEY_ID };
    await query();
    expect(seen[1].headers['wechatpay-serial']).toBe(PUB_KEY_ID);
    await http().post(`${WECHATPAY_ORIGIN}/v3/transfer/batches`, {}, { 'Wechatpay-Serial': SERIAL });
    expect(seen[2].headers['wechatpay-serial']).toBe(SERIAL);
  });

  it('verifies each answer with the key its serial names: the certificate or the 微信支付公钥', async () => {
    reply = { status: 200, body: '{"trade_state":"SUCCESS"}', signWith: publicKeyPair.privateKey, serial: PUB_KEY_ID };
    await expect(query()).resolves.toEqual({ status: 200, data: { trade_state: 'SUCCESS' } });
    reply = { status: 200, body: '{"trade_state":"NOTPAY"}', signWith: platform.privateKey, serial: SERIAL };
    await expect(query()).resolves.toEqual({ status: 200, data: { trade_state: 'NOTPAY' } });
    // The public key's signature under the certificate's serial is a forgery, and the other way round.
    reply = { status: 200, body: '{"trade_state":"SUCCESS"}', signWith: publicKeyPair.privateKey, serial: SERIAL };
    await expect(query()).rejects.toMatchObject({ code: 'UNSIGNED_ANSWER' });
    reply = { status: 200, body: '{"trade_state":"SUCCESS"}', signWith: platform.privateKey, serial: PUB_KEY_ID };
    await expect(query()).rejects.toMatchObject({ code: 'UNSIGNED_ANSWER' });
  });

  it('refuses an answer signed under a serial it was not configured with', async () => {
    const stranger = 'PUB_KEY_ID_0114232021092899999999999999999999';
    reply = { status: 200, body: '{"trade_state":"SUCCESS"}', signWith: intruder.privateKey, serial: stranger };
    const err = await query().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatPayError);
    expect(err).toMatchObject({ status: 200, code: 'UNKNOWN_SERIAL' });
    expect((err as Error).message).toContain(stranger);
  });

  it('believes a 204 (close) only when it is signed, over its empty body', async () => {
    const close = () =>
      http().post(`${WECHATPAY_ORIGIN}/v3/pay/transactions/out-trade-no/SC1/close`, { mchid: '1' }, {});
    reply = { status: 204, body: '', signWith: platform.privateKey };
    await expect(close()).resolves.toEqual({ status: 204 });
    reply = { status: 204, body: '' };
    await expect(close()).rejects.toMatchObject({ status: 204, code: 'UNSIGNED_ANSWER' });
    reply = { status: 204, body: '', signWith: intruder.privateKey };
    await expect(close()).rejects.toMatchObject({ status: 204, code: 'UNSIGNED_ANSWER' });
  });

  it('turns a signed error answer into WechatPayError(status, code, message)', async () => {
    reply = { status: 400, body: '{"code":"ORDERPAID","message":"订单已支付"}', signWith: platform.privateKey };
    await expect(
      http().post(`${WECHATPAY_ORIGIN}/v3/pay/transactions/out-trade-no/SC1/close`, { mchid: '1' }, {}),
    ).rejects.toMatchObject({
      status: 400,
      code: 'ORDERPAID',
      message: 'WeChat Pay answered 400 ORDERPAID: 订单已支付',
    });
  });

  it('hands over a bill file as its exact bytes, unsigned as WeChat serves it', async () => {
    const text = '交易时间,公众账号ID\r\n`2026-11-28 10:00:00,`wx1\r\n';
    reply = { status: 200, body: text };
    const out = await http().get(`${WECHATPAY_ORIGIN}${BILL_DOWNLOAD_PATH}?token=abc`, {});
    expect(Buffer.isBuffer(out.data)).toBe(true);
    expect((out.data as Buffer).equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(seen[0].url).toBe(`/wechat-sim${BILL_DOWNLOAD_PATH}?token=abc`);
  });

  it('maps handed-out addresses back to WeChat’s form and refuses any other host', () => {
    expect(http().toWechat(`${base}${BILL_DOWNLOAD_PATH}?token=abc`)).toBe(
      `${WECHATPAY_ORIGIN}${BILL_DOWNLOAD_PATH}?token=abc`,
    );
    expect(http().toWechat(`${WECHATPAY_ORIGIN}${BILL_DOWNLOAD_PATH}?token=abc`)).toBe(
      `${WECHATPAY_ORIGIN}${BILL_DOWNLOAD_PATH}?token=abc`,
    );
    expect(() => http().toWechat(`https://evil.example/v3/billdownload/file?token=abc`)).toThrow(/outside WeChat Pay/);
    expect(() => http().toBase('https://evil.example/v3/pay')).toThrow(/not a WeChat Pay API address/);
  });

  it('gives up on a silent server after its time-out', async () => {
    reply = { status: 200, body: '{}', signWith: platform.privateKey, delayMs: 1000 };
    const err: unknown = await http(100)
      .get(`${WECHATPAY_ORIGIN}/v3/pay/transactions/out-trade-no/SC1?mchid=1`, {})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatPayUnavailableError);
    expect((err as WechatPayUnavailableError).detail).toMatch(/timeout|aborted/i);
  });

  it('answers SERVICE_UNAVAILABLE when WeChat Pay or a gateway before it answers 5xx, signed or not', async () => {
    for (const signWith of [platform.privateKey, undefined]) {
      reply = { status: 503, body: '{"code":"SYSTEM_ERROR","message":"系统繁忙"}', signWith };
      const err: unknown = await http()
        .get(`${WECHATPAY_ORIGIN}/v3/pay/transactions/out-trade-no/SC1?mchid=1`, {})
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WechatPayUnavailableError);
      expect(err).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE, message: '微信支付暂时不可用，请稍后再试' });
      expect((err as WechatPayUnavailableError).detail).toContain('SYSTEM_ERROR');
    }
  });
});
