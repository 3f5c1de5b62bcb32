import { SimNotification } from '@shanchou/wechat-sim';
import { encryptResource, nonce, responseMessage, rsaSign, WechatPayKeys } from '@shanchou/wechatpay';
import { createTestApp, donorLogin, loginAs, TestApp, waitFor } from '@shanchou/test';
import { bearer } from '@shanchou/test';
import { DataSource } from 'typeorm';

interface Checkout {
  createDonation: {
    donation: { receiptNo: string; status: string; amountFen: number; displayName: string };
    payParams: { appId: string; package: string; signType: string; paySign: string };
  };
}

/** The whole flow over HTTP: WeChat sign-in, checkout, paying at the stand-in, the notification, PAID. */
describe('donations paid with WeChat Pay (through the stand-in)', () => {
  let t: TestApp;
  let donor: string;
  let campaignId: string;
  let duesId: string;
  let closedId: string;
  let keys: WechatPayKeys;

  const campaign = async (slug: string) =>
    (
      await t.gql<{ campaign: { raisedFen: number; donationCount: number } }>(
        `{ campaign(slug: "${slug}") { raisedFen donationCount } }`,
      )
    ).data!.campaign;
  const donation = async (receiptNo: string) =>
    (
      await t.gql<{ donation: { status: string; ledgerSeq: number | null; paidAt: string | null } }>(
        `{ donation(receiptNo: "${receiptNo}") { status ledgerSeq paidAt } }`,
        {},
        bearer(donor),
      )
    ).data!.donation;

  async function checkout(amountFen: number, id = campaignId, extra = '') {
    return t.gql<Checkout>(
      `mutation { createDonation(input: { campaignId: "${id}", amountFen: ${amountFen} ${extra} }) { donation { receiptNo status amountFen displayName } payParams { appId package signType paySign } } }`,
      {},
      bearer(donor),
    );
  }

  async function pay(receiptNo: string): Promise<void> {
    const res = await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' });
    expect(await res.json()).toEqual({ trade_state: 'SUCCESS' });
  }

  async function sentNotifications(receiptNo: string): Promise<SimNotification[]> {
    return (await (
      await fetch(`${t.baseUrl}/wechat-sim/_sim/notifications?out_trade_no=${receiptNo}`)
    ).json()) as SimNotification[];
  }

  const deliver = (headers: Record<string, string>, body: string) =>
    fetch(`${t.baseUrl}/wechatpay/notify`, { method: 'POST', headers, body });

  /** A notification as WeChat Pay would sign it, for a transaction of our choosing. */
  function forge(transaction: object, options: { timestamp?: number; signature?: string } = {}) {
    const body = JSON.stringify({
      id: 'EV-1',
      event_type: 'TRANSACTION.SUCCESS',
      resource_type: 'encrypt-resource',
      resource: encryptResource(keys.apiV3Key, JSON.stringify(transaction), 'transaction', 'transaction'),
    });
    const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
    const nonceStr = nonce();
    const headers = {
      'content-type': 'application/json',
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonceStr,
      'wechatpay-serial': keys.sim!.platformSerial,
      'wechatpay-signature':
        options.signature ?? rsaSign(responseMessage(timestamp, nonceStr, body), keys.sim!.platformPrivateKey),
    };
    return { headers, body };
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true, wechatSim: { notifyRetryScale: 0.001 } });
    keys = t.app.get(WechatPayKeys, { strict: false });
    donor = (await donorLogin(t, 'oDonation-e2e-01')).token;
    const list = await t.gql<{ campaigns: { id: string; kind: string }[] }>('{ campaigns { id kind } }');
    campaignId = list.data!.campaigns.find((c) => c.kind === 'ONE_DAY_PAY')!.id;
    duesId = list.data!.campaigns.find((c) => c.kind === 'PARTY_DUES')!.id;
    const admin = await loginAs(t, 'demo-district');
    const made = await t.gql<{ createCampaign: { id: string } }>(
      'mutation { createCampaign(input: { slug: "closed-2025", kind: GENERAL, title: "已结束的活动" }) { id } }',
      {},
      bearer(admin),
    );
    closedId = made.data!.createCampaign.id;
    await t.gql(`mutation { activateCampaign(campaignId: "${closedId}") { status } }`, {}, bearer(admin));
    await t.gql(`mutation { closeCampaign(campaignId: "${closedId}") { status } }`, {}, bearer(admin));
  });
  afterAll(() => t.close());

  it('runs the whole flow: checkout, pay, notification, PAID, totals and the ledger entry', async () => {
    const before = await campaign('cixin-yiri-juan-2026');
    const res = await checkout(5000, campaignId, 'anonymous: true, message: "一点心意"');
    expect(res.errors).toBeUndefined();
    const { donation: created, payParams } = res.data!.createDonation;
    expect(created).toMatchObject({ status: 'PENDING', amountFen: 5000, displayName: '爱心人士' });
    expect(payParams).toMatchObject({
      appId: t.config.wechat.appId,
      signType: 'RSA',
      package: expect.stringMatching(/^prepay_id=wx/) as unknown,
    });

    await pay(created.receiptNo);
    await waitFor('the donation to be PAID', async () => (await donation(created.receiptNo)).status === 'PAID');
    // Paid and queued for the ledger: no seq until the sequencer integrates it (正在入账).
    const queued = await donation(created.receiptNo);
    expect(queued.paidAt).not.toBeNull();
    expect(queued.ledgerSeq).toBeNull();
    expect(await t.integrateLedger()).toBeGreaterThanOrEqual(1);
    const paid = await donation(created.receiptNo);
    expect(paid.ledgerSeq).toEqual(expect.any(Number));
    expect(await campaign('cixin-yiri-juan-2026')).toEqual({
      raisedFen: before.raisedFen + 5000,
      donationCount: before.donationCount + 1,
    });
    const entry = await t.gql<{
      ledger: { entries: { seq: number; kind: string; amountFen: number; donor: string; campaignId: string }[] };
    }>('{ ledger(first: 50) { entries { seq kind amountFen donor campaignId } } }');
    expect(entry.data!.ledger.entries.find((e) => e.seq === paid.ledgerSeq)).toEqual({
      seq: paid.ledgerSeq,
      kind: 'DONATION',
      amountFen: 5000,
      donor: '爱心人士',
      campaignId,
    });
    expect((await sentNotifications(created.receiptNo))[0].deliveries.map((d) => d.status)).toEqual([204]);
  });

  it('credits once however often and concurrently the notification arrives', async () => {
    const { receiptNo } = (await checkout(1200)).data!.createDonation.donation;
    await pay(receiptNo);
    await waitFor('PAID', async () => (await donation(receiptNo)).status === 'PAID');
    const before = await campaign('cixin-yiri-juan-2026');
    const [sent] = await sentNotifications(receiptNo);
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(sent.headers, sent.body)));
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204, 204, 204]);
    expect(await campaign('cixin-yiri-juan-2026')).toEqual(before);
    await t.integrateLedger();
    const rows: { n: string }[] = await t.app
      .get(DataSource)
      .query(`SELECT count(*) AS n FROM ledger_entry WHERE memo LIKE $1`, [`%${receiptNo}`]);
    expect(Number(rows[0].n)).toBe(1);
  });

  describe('refuses, and changes nothing for,', () => {
    let receiptNo: string;
    let transaction: Record<string, unknown>;
    beforeAll(async () => {
      receiptNo = (await checkout(3300)).data!.createDonation.donation.receiptNo;
      transaction = {
        appid: t.config.wechat.appId,
        mchid: keys.mchid,
        out_trade_no: receiptNo,
        transaction_id: '4200000001',
        trade_state: 'SUCCESS',
        success_time: new Date().toISOString(),
        amount: { total: 3300 },
        payer: { openid: 'oDonation-e2e-01' },
      };
    });
    afterEach(async () => {
      expect((await donation(receiptNo)).status).toBe('PENDING');
    });

    it('a wrong signature', async () => {
      const { headers, body } = forge(transaction, {
        signature: rsaSign('something else', keys.sim!.platformPrivateKey),
      });
      const res = await deliver(headers, body);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ code: 'FAIL', message: 'signature refused: bad signature' });
    });

    it('a timestamp six minutes old', async () => {
      const { headers, body } = forge(transaction, { timestamp: Math.floor(Date.now() / 1000) - 360 });
      expect((await deliver(headers, body)).status).toBe(401);
    });

    it('a WECHATPAY/SIGNTEST/ probe', async () => {
      const { headers, body } = forge(transaction, { signature: 'WECHATPAY/SIGNTEST/xyz' });
      const res = await deliver(headers, body);
      expect(await res.json()).toEqual({ code: 'FAIL', message: 'signature refused: signature probe' });
    });

    it('one flipped ciphertext bit under a valid signature', async () => {
      const clean = forge(transaction);
      const parsed = JSON.parse(clean.body) as { resource: { ciphertext: string } };
      const bytes = Buffer.from(parsed.resource.ciphertext, 'base64');
      bytes[3] ^= 0x01;
      parsed.resource.ciphertext = bytes.toString('base64');
      const body = JSON.stringify(parsed);
      const ts = String(Math.floor(Date.now() / 1000));
      const n = nonce();
      const headers = {
        ...clean.headers,
        'wechatpay-timestamp': ts,
        'wechatpay-nonce': n,
        'wechatpay-signature': rsaSign(responseMessage(ts, n, body), keys.sim!.platformPrivateKey),
      };
      const res = await deliver(headers, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ code: 'FAIL', message: 'the resource does not decrypt (AEAD_AES_256_GCM)' });
    });

    it('a mismatched amount', async () => {
      const { headers, body } = forge({ ...transaction, amount: { total: 1 } });
      const res = await deliver(headers, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(
        /的金额是 1 分，订单金额是 3300 分，两者不符$/,
      );
    });
  });

  describe('checkout rules', () => {
    it.each([
      [
        'PARTY_DUES with any amount but 100 fen',
        () => checkout(200, duesId),
        /^input\.amountFen: 「一元爱心党费」每笔固定为 1 元$/,
      ],
      ['a zero amount', () => checkout(0), /^input\.amountFen: 捐赠金额须为大于 0 的整数（单位：分）$/],
      ['a negative amount', () => checkout(-100), /捐赠金额须为大于 0 的整数/],
      ['an amount over the maximum', () => checkout(5_000_001), /^input\.amountFen: 单笔捐赠最多 50000 元$/],
      [
        'a CLOSED campaign',
        () => checkout(1000, closedId),
        /^input\.campaignId: 项目「已结束的活动」已结束，现在不接受捐赠$/,
      ],
    ])('refuses %s with BAD_USER_INPUT naming the rule', async (_what, run, message) => {
      const res = await run();
      expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      expect(res.errors![0].message).toMatch(message);
    });

    it('takes 一元爱心党费 at 100 fen', async () => {
      expect((await checkout(100, duesId)).data!.createDonation.donation.status).toBe('PENDING');
    });

    it('lists a donor’s own donations only', async () => {
      const other = (await donorLogin(t, 'oDonation-e2e-02')).token;
      const mine = await t.gql<{ myDonations: { receiptNo: string }[] }>(
        '{ myDonations { receiptNo } }',
        {},
        bearer(donor),
      );
      expect(mine.data!.myDonations.length).toBeGreaterThan(3);
      const theirs = await t.gql<{ myDonations: unknown[] }>('{ myDonations { receiptNo } }', {}, bearer(other));
      expect(theirs.data!.myDonations).toEqual([]);
      const peek = await t.gql(
        `{ donation(receiptNo: "${mine.data!.myDonations[0].receiptNo}") { status } }`,
        {},
        bearer(other),
      );
      expect(peek.errors![0].extensions!.code).toBe('NOT_FOUND');
    });
  });
});

describe('donations not paid in time', () => {
  let t: TestApp;
  let donor: string;
  let campaignId: string;

  const status = async (receiptNo: string) =>
    (
      await t.gql<{ donation: { status: string; ledgerSeq: number | null } }>(
        `{ donation(receiptNo: "${receiptNo}") { status ledgerSeq } }`,
        {},
        bearer(donor),
      )
    ).data!.donation;
  const checkout = async (amountFen: number) =>
    (
      await t.gql<Checkout>(
        `mutation { createDonation(input: { campaignId: "${campaignId}", amountFen: ${amountFen} }) { donation { receiptNo status amountFen displayName } payParams { appId package signType paySign } } }`,
        {},
        bearer(donor),
      )
    ).data!.createDonation.donation.receiptNo;

  beforeAll(async () => {
    t = await createTestApp({
      demo: true,
      listen: true,
      env: { PAYMENT_WINDOW_SECONDS: '1' },
      worker: { relayPollMs: 50 },
      wechatSim: { notifyRetryScale: 0.001 },
    });
    donor = (await donorLogin(t, 'oDonation-timeout-01')).token;
    campaignId = (await t.gql<{ campaign: { id: string } }>('{ campaign(slug: "fupin-shanchou") { id } }')).data!
      .campaign.id;
  });
  afterAll(() => t.close());

  it('closes an order nobody paid, at WeChat Pay and here', async () => {
    const receiptNo = await checkout(700);
    await waitFor('CLOSED', async () => (await status(receiptNo)).status === 'CLOSED');
    const late = await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' });
    expect(await late.json()).toEqual({ code: 'ORDER_STATE', message: '订单状态为 CLOSED' });
  });

  it('credits a payment whose notification never arrived, when the time-out asks WeChat Pay', async () => {
    const receiptNo = await checkout(900);
    const paid = await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay?notify=false`, {
      method: 'POST',
    });
    expect(await paid.json()).toEqual({ trade_state: 'SUCCESS' });
    await waitFor('PAID through the time-out', async () => (await status(receiptNo)).status === 'PAID');
    await t.integrateLedger();
    expect((await status(receiptNo)).ledgerSeq).not.toBeNull();
    const sent = (await (
      await fetch(`${t.baseUrl}/wechat-sim/_sim/notifications?out_trade_no=${receiptNo}`)
    ).json()) as unknown[];
    expect(sent).toEqual([]);
  });
});
