import { decryptNotification, SimKeyView, SimNotification } from '@shanchou/wechat-sim';
import { authorizationHeader, SignedHeaders, verifySignedBody, WechatPayKeys } from '@shanchou/wechatpay';
import { createTestApp, TestApp, waitFor } from '@shanchou/test';
import { createHash, createPublicKey, KeyObject } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

const BILL_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
const nowSeconds = () => Math.floor(Date.now() / 1000);
const shanghaiDate = (offsetDays = 0) =>
  new Date(Date.now() + 8 * 3600_000 + offsetDays * 86400_000).toISOString().slice(0, 10);

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
    extraHeaders: Record<string, string> = {},
  ): Promise<{ status: number; headers: Headers; text: string; bytes: Buffer }> {
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
        ...extraHeaders,
      },
      body: body ? text : undefined,
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, text: bytes.toString('utf8'), bytes };
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
    const closed = await call('POST', '/v3/pay/transactions/out-trade-no/SC202611280004/close', { mchid: keys.mchid });
    expect(closed.status).toBe(204);
    // Signed like every other answer, over the empty body.
    expect(closed.text).toBe('');
    expect(verifySignedBody(Object.fromEntries(closed.headers.entries()), '', keys.platformKeys, nowSeconds())).toEqual(
      {
        ok: true,
      },
    );
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
    // Every delivery signed when it went out: its own nonce and signature, its own moment.
    const signatures = received.slice(0, 3).map((r) => r.headers as Record<string, string>);
    expect(new Set(signatures.map((h) => h['wechatpay-nonce'])).size).toBe(3);
    expect(new Set(signatures.map((h) => h['wechatpay-signature'])).size).toBe(3);
    signatures.forEach((h, i) => {
      expect(verifySignedBody(h, received[i].body, keys.platformKeys, nowSeconds())).toEqual({ ok: true });
      const sentAt = Date.parse(log[0].deliveries[i].at) / 1000;
      expect(Math.abs(Number(h['wechatpay-timestamp']) - sentAt)).toBeLessThanOrEqual(1);
    });
    expect(log[0].headers['wechatpay-signature']).toBe(signatures[2]['wechatpay-signature']);
    // WeChat writes its times in China Standard Time.
    const envelope = JSON.parse(body) as { create_time: string };
    expect(envelope.create_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(Math.abs(Date.parse(envelope.create_time) - Date.now())).toBeLessThan(60_000);
    expect(decryptNotification(keys, body)).toMatchObject({
      success_time: expect.stringMatching(/\+08:00$/) as unknown,
      out_trade_no: 'SC202611280005',
      trade_state: 'SUCCESS',
      mchid: keys.mchid,
      appid: t.config.wechat.appId,
      amount: { total: 2500 },
    });
  });

  describe('trade bill (交易账单)', () => {
    const sim = (path: string, body: object) =>
      fetch(`${t.baseUrl}/wechat-sim/_sim/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const tradeBill = (date: string, extra = '') =>
      call('GET', `/v3/bill/tradebill?bill_date=${date}&bill_type=ALL${extra}`);

    /** Applies for a day's bill and downloads it, checking the answer's signature on the way. */
    async function bill(date: string, extra = '') {
      const named = await tradeBill(date, extra);
      expect(named.status).toBe(200);
      const headers = Object.fromEntries(named.headers.entries());
      expect(verifySignedBody(headers, named.text, keys.platformKeys, Math.floor(Date.now() / 1000))).toEqual({
        ok: true,
      });
      const answer = JSON.parse(named.text) as { hash_type: string; hash_value: string; download_url: string };
      expect(answer.hash_type).toBe('SHA1');
      expect(answer.download_url.startsWith(`${t.baseUrl}/wechat-sim/v3/billdownload/file?token=`)).toBe(true);
      const file = await call('GET', answer.download_url.slice(`${t.baseUrl}/wechat-sim`.length));
      return { answer, file };
    }
    const rowsOf = (text: string) => text.split('\r\n').filter((l) => l.startsWith('`') && !/^`\d+,`/.test(l));
    const values = (line: string) => line.slice(1).split(',`');

    beforeAll(async () => {
      await call('POST', '/v3/pay/transactions/jsapi', order('SC202611280010', 12345));
      await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/SC202611280010/pay`, { method: 'POST' });
      await call('POST', '/v3/pay/transactions/jsapi', order('SC202611280011', 700));
      await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/SC202611280011/pay`, { method: 'POST' });
      const refund = await call('POST', '/v3/refund/domestic/refunds', {
        out_trade_no: 'SC202611280011',
        out_refund_no: 'RSC202611280011',
        notify_url: notifyUrl,
        amount: { refund: 700, total: 700, currency: 'CNY' },
      });
      expect(refund.status).toBe(200);
      await waitFor('the refund to succeed', async () => {
        const list = (await (
          await fetch(`${t.baseUrl}/wechat-sim/_sim/refunds?out_trade_no=SC202611280011`)
        ).json()) as { status: string }[];
        return list[0]?.status === 'SUCCESS';
      });
    });

    it('refuses today (as WeChat does), future days and malformed dates; a day without trades has no statement', async () => {
      for (const [date, code] of [
        [shanghaiDate(), 'INVALID_REQUEST'],
        [shanghaiDate(1), 'INVALID_REQUEST'],
        ['2026-02-30', 'PARAM_ERROR'],
        ['20261128', 'PARAM_ERROR'],
        [shanghaiDate(-1), 'NO_STATEMENT_EXIST'],
      ]) {
        const res = await tradeBill(date);
        expect([date, res.status, (JSON.parse(res.text) as { code: string }).code]).toEqual([date, 400, code]);
      }
      expect(
        (await call('GET', `/v3/bill/tradebill?bill_date=${shanghaiDate(-1)}&bill_type=ALL`, undefined, false)).status,
      ).toBe(401);
    });

    it('serves the day’s bill as WeChat writes it: payments and refunds that succeeded, backticked yuan, a summary; SHA-1 of the exact bytes', async () => {
      expect(await (await sim('bill/settings', { serve_today: true })).json()).toEqual({
        serve_today: true,
        corrupt_downloads: false,
      });
      const { answer, file } = await bill(shanghaiDate());
      expect(file.status).toBe(200);
      expect(file.headers.get('wechatpay-signature')).toBeNull();
      expect(createHash('sha1').update(file.bytes).digest('hex')).toBe(answer.hash_value);
      const lines = file.text.split('\r\n');
      expect(lines[0]).toBe(BILL_HEADER);
      expect(lines.at(-1)).toBe('');
      expect(lines.at(-3)).toBe(SUMMARY_HEADER);
      const rows = rowsOf(file.text).map(values);
      expect(rows.every((r) => r.length === 27)).toBe(true);
      const column = (name: string) => BILL_HEADER.split(',').indexOf(name);
      const paid = rows.find((r) => r[column('商户订单号')] === 'SC202611280010')!;
      expect(paid[column('交易状态')]).toBe('SUCCESS');
      expect(paid[column('订单金额')]).toBe('123.45');
      expect(paid[column('应结订单金额')]).toBe('123.45');
      expect(paid[column('交易时间')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
      expect(paid[column('交易时间')].slice(0, 10)).toBe(shanghaiDate());
      const refunded = rows.find((r) => r[column('交易状态')] === 'REFUND')!;
      expect(refunded[column('商户订单号')]).toBe('SC202611280011');
      expect(refunded[column('商户退款单号')]).toBe('RSC202611280011');
      expect(refunded[column('申请退款金额')]).toBe('7.00');
      expect(refunded[column('应结订单金额')]).toBe('0.00');
      // 0005 (25.00) and 0010 (123.45) and 0011 (7.00) paid today; 0011 refunded today.
      expect(lines.at(-2)).toBe('`4,`155.45,`7.00,`0.00,`0.89000,`155.45,`7.00');
      // Downloading needs the merchant's signature too.
      const token = answer.download_url.slice(answer.download_url.indexOf('?'));
      expect((await call('GET', `/v3/billdownload/file${token}`, undefined, false)).status).toBe(401);
      // Compressed, the hash is still the bill's own (WeChat: hash_value of the uncompressed file).
      const gz = await bill(shanghaiDate(), '&tar_type=GZIP');
      expect(gz.file.headers.get('content-type')).toBe('application/x-gzip');
      expect(gunzipSync(gz.file.bytes).toString('utf8')).toBe(file.text);
      expect(gz.answer.hash_value).toBe(answer.hash_value);
      expect(createHash('sha1').update(gunzipSync(gz.file.bytes)).digest('hex')).toBe(gz.answer.hash_value);
      expect(createHash('sha1').update(gz.file.bytes).digest('hex')).not.toBe(gz.answer.hash_value);
    });

    it('controls: an extra row, another amount, a dropped row, and a corrupted download', async () => {
      expect((await sim('bill/rows', { out_trade_no: 'SC-NOT-OURS-01', amount_fen: 999 })).status).toBe(200);
      expect((await sim('bill/adjust', { out_trade_no: 'SC202611280010', amount_fen: 12300 })).status).toBe(200);
      expect((await sim('bill/adjust', { out_trade_no: 'SC202611280005', drop: true })).status).toBe(200);
      expect((await sim('bill/adjust', { out_trade_no: 'SC202611280005' })).status).toBe(400);
      expect((await sim('bill/rows', { amount_fen: 1 })).status).toBe(400);
      const { file } = await bill(shanghaiDate());
      const rows = rowsOf(file.text).map(values);
      const byNo = new Map(rows.filter((r) => r[9] === 'SUCCESS').map((r) => [r[6], r[24]]));
      expect(Object.fromEntries(byNo)).toEqual({
        'SC-NOT-OURS-01': '9.99',
        SC202611280010: '123.00',
        SC202611280011: '7.00',
      });
      await sim('bill/settings', { corrupt_downloads: true });
      const corrupt = await bill(shanghaiDate());
      expect(createHash('sha1').update(corrupt.file.bytes).digest('hex')).not.toBe(corrupt.answer.hash_value);
      await sim('bill/settings', { corrupt_downloads: false, serve_today: false });
    });
  });

  describe('outage (POST _sim/outage)', () => {
    const outage = (body: object) =>
      fetch(`${t.baseUrl}/wechat-sim/_sim/outage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const querySC = (no: string) => call('GET', `/v3/pay/transactions/out-trade-no/${no}?mchid=${keys.mchid}`);

    it('refuses a duration that is not a whole number of seconds from 0 to a day', async () => {
      for (const seconds of [-1, 1.5, '10', 86_401, null]) {
        const res = await outage({ seconds });
        expect([seconds, res.status, ((await res.json()) as { code: string }).code]).toEqual([
          seconds,
          400,
          'PARAM_ERROR',
        ]);
      }
    });

    it('answers 503 SYSTEM_ERROR (signed) while down, holds notifications, and sends them freshly signed when back', async () => {
      await call('POST', '/v3/pay/transactions/jsapi', order('SC202611280020', 300));
      const before = received.length;
      const begun = await outage({ seconds: 2 });
      expect(begun.status).toBe(200);
      const state = (await begun.json()) as { down: boolean; until: string };
      expect(state.down).toBe(true);
      expect(state.until).toMatch(/\+08:00$/);
      const down = await querySC('SC202611280020');
      expect(down.status).toBe(503);
      expect(JSON.parse(down.text)).toEqual({ code: 'SYSTEM_ERROR', message: expect.any(String) as unknown });
      expect(
        verifySignedBody(Object.fromEntries(down.headers.entries()), down.text, keys.platformKeys, nowSeconds()),
      ).toEqual({
        ok: true,
      });
      expect((await call('POST', '/v3/pay/transactions/jsapi', order('SC202611280021', 300))).status).toBe(503);
      // The donor pays inside WeChat (the control still works); the notification waits.
      await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/SC202611280020/pay`, { method: 'POST' });
      const held = (await (
        await fetch(`${t.baseUrl}/wechat-sim/_sim/notifications?out_trade_no=SC202611280020`)
      ).json()) as SimNotification[];
      expect(held).toHaveLength(1);
      expect(held[0].deliveries).toEqual([]);
      expect(received.length).toBe(before);
      const endsAt = Date.parse(state.until);
      await waitFor('the held notification', () => received.length > before, 10_000);
      expect(Date.now()).toBeGreaterThanOrEqual(endsAt - 50);
      const { headers, body } = received[before];
      expect(Number(headers['wechatpay-timestamp'])).toBeGreaterThanOrEqual(Math.floor(endsAt / 1000) - 1);
      expect(verifySignedBody(headers as SignedHeaders, body, keys.platformKeys, nowSeconds())).toEqual({ ok: true });
      expect(decryptNotification(keys, body)).toMatchObject({ out_trade_no: 'SC202611280020', trade_state: 'SUCCESS' });
      expect((await querySC('SC202611280020')).status).toBe(200);
      expect(await (await fetch(`${t.baseUrl}/wechat-sim/_sim/outage`)).json()).toEqual({ down: false, until: null });
    });

    it('ends an outage at once with seconds 0', async () => {
      await outage({ seconds: 600 });
      expect((await querySC('SC202611280020')).status).toBe(503);
      expect((await outage({ seconds: 0 })).status).toBe(200);
      expect((await querySC('SC202611280020')).status).toBe(200);
    });
  });

  // Last: from here on the stand-in signs with two keys.
  describe('platform keys by serial (GET/POST _sim/platform-keys)', () => {
    const platformKeys = async (body?: object) => {
      const res = await fetch(`${t.baseUrl}/wechat-sim/_sim/platform-keys`, {
        method: body ? 'POST' : 'GET',
        headers: { 'content-type': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json: unknown = await res.json();
      return { status: res.status, json };
    };
    const trustOf = (views: SimKeyView[]) =>
      new Map<string, KeyObject>(views.map((v) => [v.serial, createPublicKey(v.public_key)]));

    it('lists the platform certificate alone at first, as the merchant downloads it', async () => {
      const { status, json } = await platformKeys();
      expect(status).toBe(200);
      const views = json as SimKeyView[];
      expect(views).toHaveLength(1);
      expect(views[0]).toMatchObject({ serial: keys.sim!.platformSerial, kind: 'certificate', share: 1 });
      expect(views[0].public_key).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(createPublicKey(views[0].public_key).equals(keys.platformKeys.get(keys.sim!.platformSerial)!)).toBe(true);
    });

    it('refuses a mode or share it does not know', async () => {
      for (const body of [{ mode: 'ed25519', share: 1 }, { mode: 'public-key', share: 1.5 }, { mode: 'public-key' }]) {
        expect((await platformKeys(body)).status).toBe(400);
      }
      expect(((await platformKeys()).json as SimKeyView[]).length).toBe(1);
    });

    it('adds a 微信支付公钥, answers under the serial each request names, and signs its share of notifications with it', async () => {
      const added = await platformKeys({ mode: 'public-key', share: 0.5 });
      expect(added.status).toBe(200);
      const views = added.json as SimKeyView[];
      const pub = views.find((v) => v.kind === 'public-key')!;
      expect(pub.serial).toMatch(/^PUB_KEY_ID_\d{32}$/);
      expect(views.map((v) => v.share)).toEqual([0.5, 0.5]);
      const trust = trustOf(views);
      // The same key again: only its share changes.
      const again = (await platformKeys({ mode: 'public-key', share: 0.5 })).json as SimKeyView[];
      expect(again.map((v) => v.serial)).toEqual(views.map((v) => v.serial));
      // Renewing the certificate meanwhile is refused, as WeChat refuses both changes at once.
      expect((await platformKeys({ mode: 'certificate', share: 0.1 })).status).toBe(409);

      const answerSerial = async (serial?: string) => {
        const res = await call(
          'GET',
          `/v3/pay/transactions/out-trade-no/SC202611280005?mchid=${keys.mchid}`,
          undefined,
          true,
          serial ? { 'wechatpay-serial': serial } : {},
        );
        const headers = Object.fromEntries(res.headers.entries());
        expect(verifySignedBody(headers, res.text, trust, nowSeconds())).toEqual({ ok: true });
        return {
          status: res.status,
          serial: headers['wechatpay-serial'],
          code: (JSON.parse(res.text) as { code?: string }).code,
        };
      };
      expect(await answerSerial(pub.serial)).toEqual({ status: 200, serial: pub.serial, code: undefined });
      expect(await answerSerial(keys.sim!.platformSerial)).toEqual({
        status: 200,
        serial: keys.sim!.platformSerial,
        code: undefined,
      });
      expect(await answerSerial()).toEqual({ status: 200, serial: keys.sim!.platformSerial, code: undefined });
      expect(await answerSerial('PUB_KEY_ID_00000000000000000000000000000000')).toEqual({
        status: 400,
        serial: keys.sim!.platformSerial,
        code: 'INVALID_REQUEST',
      });

      // Half the notifications under each key, the first under the new one; each verifies with its own.
      const before = received.length;
      for (const [i, no] of ['SC202611280030', 'SC202611280031', 'SC202611280032', 'SC202611280033'].entries()) {
        await call('POST', '/v3/pay/transactions/jsapi', order(no, 100));
        await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/${no}/pay`, { method: 'POST' });
        await waitFor(`the notification of ${no}`, () => received.length >= before + i + 1);
      }
      const sent = received.slice(before, before + 4);
      const serials = sent.map((r) => r.headers['wechatpay-serial']);
      expect(serials).toEqual([pub.serial, keys.sim!.platformSerial, pub.serial, keys.sim!.platformSerial]);
      for (const r of sent)
        expect(verifySignedBody(r.headers as SignedHeaders, r.body, trust, nowSeconds())).toEqual({ ok: true });
      // The app trusting only the certificate would refuse the public key's half: its serial is unknown there.
      expect(verifySignedBody(sent[0].headers as SignedHeaders, sent[0].body, keys.platformKeys, nowSeconds())).toEqual(
        {
          ok: false,
          reason: 'unknown serial',
        },
      );

      // Share 1: every notification under the public key.
      expect(((await platformKeys({ mode: 'public-key', share: 1 })).json as SimKeyView[]).map((v) => v.share)).toEqual(
        [0, 1],
      );
      await call('POST', '/v3/pay/transactions/jsapi', order('SC202611280034', 100));
      await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/SC202611280034/pay`, { method: 'POST' });
      await waitFor('the fifth notification', () => received.length >= before + 5);
      expect(received[before + 4].headers['wechatpay-serial']).toBe(pub.serial);
    });
  });
});
