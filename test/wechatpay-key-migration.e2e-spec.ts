import { SimKeyView, SimNotification } from '@shanchou/wechat-sim';
import { encryptResource, nonce, responseMessage, rsaSign, WechatPayKeys } from '@shanchou/wechatpay';
import {
  campaignIdOf,
  createDemoDatabase,
  createTestApp,
  donationStatus,
  donorLogin,
  startDonation,
  TestApp,
  TestDatabase,
  waitFor,
} from '@shanchou/test';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * A merchant moving from WeChat Pay's platform certificate to a 微信支付公钥, as WeChat runs it:
 * the public key is issued, the merchant configures both, and WeChat signs a growing share of
 * notifications with the new key (0.1 % → 100 %) while answering each request under the serial it
 * names. `wechat` is a separate app that only plays WeChat Pay; the platform under test reaches it
 * through WECHATPAY_BASE_URL and knows its keys only through WECHATPAY_PLATFORM_KEYS, as in
 * production.
 */
describe('WeChat Pay key migration: platform certificate → 微信支付公钥', () => {
  let wechat: TestApp;
  let database: TestDatabase;
  let app: TestApp;
  let donor: string;
  let campaignId: string;
  let certificate: SimKeyView;
  let publicKey: SimKeyView;
  const files = mkdtempSync(path.join(tmpdir(), 'shanchou-platform-keys-'));
  /** Every gift paid, with the token of the donor who may read it. */
  const receipts: [string, string][] = [];

  const sim = async <T>(route: string, body?: object): Promise<T> => {
    const res = await fetch(`${wechat.baseUrl}/wechat-sim/_sim/${route}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const sent = (receiptNo: string) => sim<SimNotification[]>(`notifications?out_trade_no=${receiptNo}`);
  /**
   * The order's first notification once the stand-in has recorded how its first delivery was
   * answered: the platform commits the credit (PAID) before it answers, so on a loaded machine
   * PAID is seen a moment before the stand-in writes down the 204.
   */
  async function firstDelivered(receiptNo: string): Promise<SimNotification> {
    await waitFor(`${receiptNo} delivered`, async () => ((await sent(receiptNo))[0]?.deliveries.length ?? 0) > 0);
    return (await sent(receiptNo))[0];
  }
  const raised = async () =>
    (await app.gql<{ campaign: { raisedFen: number } }>(`{ campaign(slug: "cixin-yiri-juan-2026") { raisedFen } }`))
      .data!.campaign.raisedFen;

  /** The platform, configured with the given platform keys, on the one database of the test. */
  async function platform(keys: SimKeyView[], env: Record<string, string> = {}): Promise<TestApp> {
    const entries = keys.map((k) => {
      const file = path.join(files, `${k.serial}.pem`);
      writeFileSync(file, k.public_key);
      return `${k.serial}=${file}`;
    });
    return createTestApp({
      database,
      listen: true,
      env: { WECHATPAY_BASE_URL: `${wechat.baseUrl}/wechat-sim`, WECHATPAY_PLATFORM_KEYS: entries.join(','), ...env },
    });
  }

  /** A checkout on the platform and the donor paying at WeChat; PAID once its notification was taken. */
  async function donateAndPay(amountFen: number): Promise<string> {
    const receiptNo = await startDonation(app, donor, { campaignId, amountFen });
    const paid = await fetch(`${wechat.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' });
    expect(await paid.json()).toEqual({ trade_state: 'SUCCESS' });
    await waitFor(`${receiptNo} PAID`, async () => (await donationStatus(app, donor, receiptNo)) === 'PAID');
    receipts.push([receiptNo, donor]);
    return receiptNo;
  }

  beforeAll(async () => {
    wechat = await createTestApp({ listen: true, wechatSim: { notifyRetryScale: 0.001 } });
    // Day 0: WeChat issues the public key (the merchant downloads it) and starts at 0.1 %.
    const views = await sim<SimKeyView[]>('platform-keys', { mode: 'public-key', share: 0.001 });
    certificate = views.find((k) => k.kind === 'certificate')!;
    publicKey = views.find((k) => k.kind === 'public-key')!;
    database = await createDemoDatabase();
    app = await platform([certificate, publicKey]);
    donor = (await donorLogin(app, 'oKeyMigration-donor-01')).token;
    campaignId = await campaignIdOf(app, 'cixin-yiri-juan-2026');
  });
  afterAll(async () => {
    await app?.close();
    await wechat?.close();
    await database?.drop();
  });

  it('is configured with both keys and asks for answers under the public key', () => {
    const keys = app.app.get(WechatPayKeys, { strict: false });
    expect([...keys.platformKeys.keys()].sort()).toEqual([certificate.serial, publicKey.serial].sort());
    expect(keys.requestSerial()).toBe(publicKey.serial);
  });

  it('loses no notification and no checkout while the share goes from 0.1 % to 100 %', async () => {
    const before = await raised();
    const serials = new Map<string, number>();
    for (const [day, share] of [0.001, 0.01, 0.1, 0.3, 0.5, 1].entries()) {
      await sim('platform-keys', { mode: 'public-key', share });
      // A donor a day: each stays well inside the checkout limits.
      donor = (await donorLogin(app, `oKeyMigration-day-${day}`)).token;
      for (const amountFen of [100, 200, 300]) {
        const receiptNo = await donateAndPay(amountFen);
        const notification = await firstDelivered(receiptNo);
        const serial = notification.headers['wechatpay-serial'];
        serials.set(serial, (serials.get(serial) ?? 0) + 1);
        // Taken at the first delivery: never a 401, never a retry.
        expect([receiptNo, notification.deliveries.map((d) => d.status)]).toEqual([receiptNo, [204]]);
      }
    }
    // Both keys signed along the way: the first notification after each change, 2 of 3 at 50 %, all at 100 %.
    expect(Object.fromEntries(serials)).toEqual({ [publicKey.serial]: 1 + 1 + 1 + 1 + 2 + 3, [certificate.serial]: 9 });
    expect(receipts).toHaveLength(18);
    for (const [receiptNo, token] of receipts)
      expect([receiptNo, await donationStatus(app, token, receiptNo)]).toEqual([receiptNo, 'PAID']);
    expect((await raised()) - before).toBe(6 * (100 + 200 + 300));
    const refused = app.logs.filter((l) => l.msg === 'WeChat Pay notification refused');
    expect(refused).toEqual([]);
  });

  it('refuses (401) a notification signed under a serial it does not know, and changes nothing', async () => {
    donor = (await donorLogin(app, 'oKeyMigration-forged')).token;
    const receiptNo = await startDonation(app, donor, { campaignId, amountFen: 5000 });
    const before = await raised();
    const keys = app.app.get(WechatPayKeys, { strict: false });
    const transaction = {
      appid: app.config.wechat.appId,
      mchid: keys.mchid,
      out_trade_no: receiptNo,
      transaction_id: '4200000000000000000000000001',
      trade_type: 'JSAPI',
      trade_state: 'SUCCESS',
      success_time: '2026-12-02T10:00:00+08:00',
      payer: { openid: 'oKeyMigration-donor-01' },
      amount: { total: 5000, payer_total: 5000, currency: 'CNY' },
    };
    const body = JSON.stringify({
      id: 'EV-unknown-serial',
      create_time: '2026-12-02T10:00:00+08:00',
      event_type: 'TRANSACTION.SUCCESS',
      resource_type: 'encrypt-resource',
      summary: '支付成功',
      resource: encryptResource(keys.apiV3Key, JSON.stringify(transaction), 'transaction', 'transaction'),
    });
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const deliver = async (serial: string) => {
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonceStr = nonce();
      const res = await fetch(`${app.baseUrl}/wechatpay/notify`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'wechatpay-timestamp': timestamp,
          'wechatpay-nonce': nonceStr,
          'wechatpay-serial': serial,
          'wechatpay-signature': rsaSign(responseMessage(timestamp, nonceStr, body), stranger),
          'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
        },
        body,
      });
      return { status: res.status, body: (await res.json()) as { code: string; message: string } };
    };
    // A serial nobody configured, and the known serials with a key that is not theirs.
    const unknown = await deliver('PUB_KEY_ID_0114232021092899999999999999999999');
    expect(unknown).toEqual({
      status: 401,
      body: { code: 'FAIL', message: expect.stringContaining('unknown serial') as unknown },
    });
    for (const serial of [publicKey.serial, certificate.serial]) expect((await deliver(serial)).status).toBe(401);
    expect(await donationStatus(app, donor, receiptNo)).toBe('PENDING');
    expect(await raised()).toBe(before);
    // WeChat's own notification of the same order is taken.
    const paid = await fetch(`${wechat.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' });
    expect(paid.ok).toBe(true);
    await waitFor(`${receiptNo} PAID`, async () => (await donationStatus(app, donor, receiptNo)) === 'PAID');
    expect((await raised()) - before).toBe(5000);
  });

  it('after 100 %, runs on the public key alone once the certificate is taken out of the configuration', async () => {
    await app.close();
    // A short payment window: the time-out asks WeChat about an unpaid order and closes it there.
    app = await platform([publicKey], { PAYMENT_WINDOW_SECONDS: '1' });
    donor = (await donorLogin(app, 'oKeyMigration-donor-01')).token;
    const unpaid = await startDonation(app, donor, { campaignId, amountFen: 900 });
    await waitFor(`${unpaid} CLOSED`, async () => (await donationStatus(app, donor, unpaid)) === 'CLOSED', 20_000);
    expect(await sim<{ code?: string }>(`transactions/${unpaid}/pay`, {})).toMatchObject({
      code: 'ORDER_STATE',
    });
    const receiptNo = await startDonation(app, donor, { campaignId, amountFen: 800 });
    const paid = await fetch(`${wechat.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' });
    expect(await paid.json()).toEqual({ trade_state: 'SUCCESS' });
    await waitFor(`${receiptNo} PAID`, async () => (await donationStatus(app, donor, receiptNo)) === 'PAID');
    const notification = await firstDelivered(receiptNo);
    expect(notification.headers['wechatpay-serial']).toBe(publicKey.serial);
    expect(notification.deliveries.map((d) => d.status)).toEqual([204]);
    expect(app.logs.filter((l) => l.msg === 'WeChat Pay notification refused')).toEqual([]);
  });
});
