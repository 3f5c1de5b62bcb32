import { decryptNotification, SimNotification } from '@shanchou/wechat-sim';
import { authorizationHeader, verifySignedBody, WechatPayKeys } from '@shanchou/wechatpay';
import { createTestApp, TestApp, waitFor } from '@shanchou/test';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';

/** The stand-in's WeChat Pay side, spoken to as a merchant would, over HTTP. */
describe('WeChat Pay stand-in', () => {
  let t: TestApp;
  let keys: WechatPayKeys;
  let notifyServer: Server;
  let notifyUrl: string;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  let failuresLeft = 2;

  async function call(
    method: 'GET' | 'POST',
    path: string,
    body?: object,
    sign = true,
  ): Promise<{ status: number; headers: Headers; text: string }> {
    const text = body ? JSON.stringify(body) : '';
    // Signed over the path as at api.mch.weixin.qq.com: the stand-in's base URL plays that host.
    const auth = authorizationHeader(
      { mchid: keys.mchid, serialNo: keys.merchantSerial, privateKey: keys.merchantPrivateKey },
      method,
      path,
      text,
    );
    const res = await fetch(`${t.baseUrl}/wechat-sim${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: sign ? auth : auth.replace(/signature="[^"]+"/, 'signature="AAAA"'),
      },
      body: body ? text : undefined,
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  const order = (outTradeNo: string, total = 100) => ({
    appid: t.config.wechat.appId,
    mchid: keys.mchid,
    description: '慈心一日捐',
    out_trade_no: outTradeNo,
    notify_url: notifyUrl,
    amount: { total, currency: 'CNY' },
    payer: { openid: 'oSim-demo-donor-0001' },
  });

  beforeAll(async () => {
    t = await createTestApp({ listen: true, wechatSim: { notifyRetryScale: 0.001 } });
    keys = t.app.get(WechatPayKeys, { strict: false });
    notifyServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = failuresLeft-- > 0 ? 500 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => notifyServer.listen(0, '127.0.0.1', r));
    notifyUrl = `http://127.0.0.1:${(notifyServer.address() as { port: number }).port}/wechatpay/notify`;
  });
  afterAll(async () => {
    await new Promise((r) => notifyServer.close(r));
    await t.close();
  });

  it('places a JSAPI order for a correctly signed request, and signs its answer with the platform key', async () => {
    const res = await call('POST', '/v3/pay/transactions/jsapi', order('SC202611280001'));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ prepay_id: expect.stringMatching(/^wx/) as unknown });
    const headers = Object.fromEntries(res.headers.entries());
    expect(verifySignedBody(headers, res.text, keys.platformKeys, Math.floor(Date.now() / 1000))).toEqual({ ok: true });
  });

  it('answers 401 SIGN_ERROR to a request with a wrong signature', async () => {
    const res = await call('POST', '/v3/pay/transactions/jsapi', order('SC202611280002'), false);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toEqual({ code: 'SIGN_ERROR', message: '签名错误' });
  });

  it('refuses an order for another official account', async () => {
    const res = await call('POST', '/v3/pay/transactions/jsapi', {
      ...order('SC202611280003'),
      appid: 'wx0000000000000000',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'APPID_MCHID_NOT_MATCH' });
  });

  it('queries and closes an unpaid order', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('SC202611280004'));
    const q = await call('GET', `/v3/pay/transactions/out-trade-no/SC202611280004?mchid=${keys.mchid}`);
    expect(JSON.parse(q.text)).toMatchObject({ trade_state: 'NOTPAY', amount: { total: 100 } });
    expect(
      (await call('POST', '/v3/pay/transactions/out-trade-no/SC202611280004/close', { mchid: keys.mchid })).status,
    ).toBe(204);
    const after = await call('GET', `/v3/pay/transactions/out-trade-no/SC202611280004?mchid=${keys.mchid}`);
    expect(JSON.parse(after.text)).toMatchObject({ trade_state: 'CLOSED' });
  });

  it('notifies a payment with a signed, encrypted body, retrying on WeChat’s schedule until answered', async () => {
    await call('POST', '/v3/pay/transactions/jsapi', order('SC202611280005', 2500));
    const paid = await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/SC202611280005/pay`, { method: 'POST' });
    expect(await paid.json()).toEqual({ trade_state: 'SUCCESS' });
    await waitFor('the notification to be answered', () => received.length === 3);
    const log = (await (
      await fetch(`${t.baseUrl}/wechat-sim/_sim/notifications?out_trade_no=SC202611280005`)
    ).json()) as SimNotification[];
    expect(log).toHaveLength(1);
    expect(log[0].deliveries.map((d) => d.status)).toEqual([500, 500, 204]);
    expect(log[0].delivered).toBe(true);
    const { headers, body } = received[2];
    expect(body).toBe(log[0].body);
    expect(
      verifySignedBody(headers as Record<string, string>, body, keys.platformKeys, Math.floor(Date.now() / 1000)),
    ).toEqual({ ok: true });
    expect(decryptNotification(keys, body)).toMatchObject({
      out_trade_no: 'SC202611280005',
      trade_state: 'SUCCESS',
      mchid: keys.mchid,
      appid: t.config.wechat.appId,
      amount: { total: 2500 },
    });
  });
});
