import { bearer, createTestApp, donorLogin, loginAs, outcome, TestApp, waitFor } from '@shanchou/test';
import type { SimNotification } from '@shanchou/wechat-sim';
import { DataSource } from 'typeorm';

interface RefundView {
  status: string;
  refundFailureReason: string | null;
  refundFailedAt: string | null;
  refundedAt: string | null;
}

interface SimRefundView {
  out_refund_no: string;
  status: string;
  create_time: string;
  success_time?: string;
  user_received_account: string;
}

describe('refunds', () => {
  let t: TestApp;
  let donor: string;
  let admin: string;
  let campaignId: string;

  const donation = async (receiptNo: string) =>
    (
      await t.gql<{ donation: { status: string } }>(
        `{ donation(receiptNo: "${receiptNo}") { status } }`,
        {},
        bearer(donor),
      )
    ).data!.donation.status;
  const totals = async () =>
    (
      await t.gql<{ campaign: { raisedFen: number; donationCount: number } }>(
        '{ campaign(slug: "fupin-shanchou") { raisedFen donationCount } }',
      )
    ).data!.campaign;
  const refund = (receiptNo: string) =>
    t.gql<{ refundDonation: { status: string } }>(
      `mutation { refundDonation(receiptNo: "${receiptNo}", reason: "重复捐赠") { status } }`,
      {},
      bearer(admin),
    );

  async function paidDonation(amountFen: number): Promise<string> {
    const res = await t.gql<{ createDonation: { donation: { receiptNo: string } } }>(
      `mutation { createDonation(input: { campaignId: "${campaignId}", amountFen: ${amountFen} }) { donation { receiptNo } } }`,
      {},
      bearer(donor),
    );
    const { receiptNo } = res.data!.createDonation.donation;
    await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' });
    await waitFor('PAID', async () => (await donation(receiptNo)) === 'PAID');
    return receiptNo;
  }

  beforeAll(async () => {
    // The query job asks a second after a refund is sent; the stand-in settles refunds in 200 ms.
    t = await createTestApp({
      demo: true,
      listen: true,
      wechatSim: { notifyRetryScale: 0.001, refundSettleMs: 200 },
      env: { REFUND_QUERY_DELAY_SECONDS: '1' },
    });
    donor = (await donorLogin(t, 'oRefund-donor-01')).token;
    admin = await loginAs(t, 'demo-district');
    campaignId = (await t.gql<{ campaign: { id: string } }>('{ campaign(slug: "fupin-shanchou") { id } }')).data!
      .campaign.id;
  });
  afterAll(() => t.close());

  it('refunds a paid gift: REFUNDING, then REFUNDED with totals reduced and a REFUND entry; a retry refunds nothing more', async () => {
    const receiptNo = await paidDonation(4200);
    const before = await totals();
    const first = await refund(receiptNo);
    expect(['REFUNDING', 'REFUNDED']).toContain(first.data!.refundDonation.status);
    const retry = await refund(receiptNo);
    expect(outcome(retry) === 'OK' || outcome(retry) === 'INVALID_TRANSITION').toBe(true);
    await waitFor('REFUNDED', async () => (await donation(receiptNo)) === 'REFUNDED');
    expect(await totals()).toEqual({ raisedFen: before.raisedFen - 4200, donationCount: before.donationCount - 1 });
    const refunds = (await (await fetch(`${t.baseUrl}/wechat-sim/_sim/refunds?out_trade_no=${receiptNo}`)).json()) as {
      out_refund_no: string;
    }[];
    expect(refunds.map((r) => r.out_refund_no)).toEqual([`R${receiptNo}`]);
    await t.integrateLedger();
    const entries: { amount_fen: string }[] = await t.app
      .get(DataSource)
      .query(`SELECT amount_fen FROM ledger_entry WHERE kind = 'REFUND' AND memo = $1`, [`退款 ${receiptNo}`]);
    expect(entries).toEqual([{ amount_fen: '-4200' }]);
    const afterDone = await refund(receiptNo);
    expect(outcome(afterDone)).toBe('INVALID_TRANSITION');
  });

  it('refuses to refund what was never paid, and refunds are for district admins', async () => {
    const res = await t.gql<{ createDonation: { donation: { receiptNo: string } } }>(
      `mutation { createDonation(input: { campaignId: "${campaignId}", amountFen: 300 }) { donation { receiptNo } } }`,
      {},
      bearer(donor),
    );
    expect(outcome(await refund(res.data!.createDonation.donation.receiptNo))).toBe('INVALID_TRANSITION');
    const town = await loginAs(t, 'demo-town');
    const denied = await t.gql(
      'mutation { refundDonation(receiptNo: "SC2026112800000000000000", reason: "x") { status } }',
      {},
      bearer(town),
    );
    expect(outcome(denied)).toBe('FORBIDDEN');
  });

  const sim = (path: string, init?: RequestInit) => fetch(`${t.baseUrl}/wechat-sim${path}`, init);
  const arm = async (outRefundNo: string, control: 'abnormal' | 'close' | 'withhold') => {
    const res = await sim(`/_sim/refunds/${outRefundNo}/${control}`, { method: 'POST' });
    expect(res.status).toBe(200);
  };
  const simRefunds = async (receiptNo: string) =>
    (await (await sim(`/_sim/refunds?out_trade_no=${receiptNo}`)).json()) as SimRefundView[];
  const notifications = async (receiptNo: string, event: string) =>
    ((await (await sim(`/_sim/notifications?out_trade_no=${receiptNo}`)).json()) as SimNotification[]).filter(
      (n) => (JSON.parse(n.body) as { event_type: string }).event_type === event,
    );
  const replay = (n: SimNotification) =>
    fetch(`${t.baseUrl}/wechatpay/notify`, { method: 'POST', headers: n.headers, body: n.body });
  const view = async (receiptNo: string) =>
    (
      await t.gql<{ donation: RefundView }>(
        'query($r: String!) { donation(receiptNo: $r) { status refundFailureReason refundFailedAt refundedAt } }',
        { r: receiptNo },
        bearer(admin),
      )
    ).data!.donation;
  const retry = (receiptNo: string, token = admin) =>
    t.gql<{ retryRefund: { status: string } }>(
      'mutation($r: String!) { retryRefund(receiptNo: $r) { status } }',
      { r: receiptNo },
      bearer(token),
    );
  const failedList = async () => {
    const res = await t.gql<{ failedRefunds: { receiptNo: string; status: string; refundFailureReason: string }[] }>(
      '{ failedRefunds { receiptNo status refundFailureReason } }',
      {},
      bearer(admin),
    );
    expect(outcome(res)).toBe('OK');
    return res.data!.failedRefunds;
  };
  const rows = <T>(query: string, params: unknown[]): Promise<T[]> => t.app.get(DataSource).query<T[]>(query, params);
  const audits = async (action: string, receiptNo: string) =>
    Number(
      (
        await rows<{ n: string }>(
          `SELECT count(*) AS n FROM audit_entry a JOIN donation d ON d.id::text = a.target_id
            WHERE a.action = $1 AND d.receipt_no = $2`,
          [action, receiptNo],
        )
      )[0].n,
    );
  const refundEntries = async (receiptNo: string) => {
    await t.integrateLedger();
    return (
      await rows<{ n: string }>(`SELECT count(*) AS n FROM ledger_entry WHERE kind = 'REFUND' AND memo = $1`, [
        `退款 ${receiptNo}`,
      ])
    )[0].n;
  };

  it('a refund made abnormal at the stand-in fails loudly (REFUND_FAILED, the reason, audited once, listed) and a retry under the same out_refund_no refunds it once', async () => {
    const receiptNo = await paidDonation(2600);
    const before = await totals();
    await arm(`R${receiptNo}`, 'abnormal');
    expect(outcome(await refund(receiptNo))).toBe('OK');
    await waitFor('REFUND_FAILED', async () => (await view(receiptNo)).status === 'REFUND_FAILED');
    const failed = await view(receiptNo);
    expect(failed.refundFailureReason).toContain('退款异常');
    expect(failed.refundFailedAt).not.toBeNull();
    expect(await failedList()).toContainEqual({
      receiptNo,
      status: 'REFUND_FAILED',
      refundFailureReason: failed.refundFailureReason,
    });
    // WeChat repeats itself: the same notification ten times at once changes nothing more.
    const [abnormal] = await notifications(receiptNo, 'REFUND.ABNORMAL');
    expect(abnormal).toBeDefined();
    const answers = await Promise.all(Array.from({ length: 10 }, () => replay(abnormal)));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(204));
    // The query job (a second later) reads ABNORMAL as well: still one failure on record.
    await waitFor(
      'the refund query to have run',
      async () =>
        Number(
          (
            await rows<{ n: string }>(
              `SELECT count(*) AS n FROM outbox_message WHERE job_key = $1 AND completed_at IS NOT NULL`,
              [`refund-query.R${receiptNo}.1`],
            )
          )[0].n,
        ) === 1,
    );
    expect(await audits('donation.refund_failed', receiptNo)).toBe(1);
    expect(await totals()).toEqual(before);

    const town = await loginAs(t, 'demo-town');
    expect(outcome(await retry(receiptNo, town))).toBe('FORBIDDEN');
    expect(outcome(await t.gql('{ failedRefunds { receiptNo } }', {}, bearer(town)))).toBe('FORBIDDEN');

    const retried = await retry(receiptNo);
    expect(outcome(retried)).toBe('OK');
    expect(['REFUNDING', 'REFUNDED']).toContain(retried.data!.retryRefund.status);
    expect((await failedList()).map((d) => d.receiptNo)).not.toContain(receiptNo);
    await waitFor('REFUNDED', async () => (await view(receiptNo)).status === 'REFUNDED');
    const atWechat = await simRefunds(receiptNo);
    expect(atWechat.map((r) => [r.out_refund_no, r.status, r.user_received_account])).toEqual([
      [`R${receiptNo}`, 'SUCCESS', '商户基本账户结算银行账户'],
    ]);
    // The old ABNORMAL notification, arriving late, is about the earlier try.
    expect((await replay(abnormal)).status).toBe(204);
    expect((await view(receiptNo)).status).toBe('REFUNDED');
    expect(await refundEntries(receiptNo)).toBe('1');
    expect(await totals()).toEqual({ raisedFen: before.raisedFen - 2600, donationCount: before.donationCount - 1 });
    expect(await audits('donation.refund_retry', receiptNo)).toBe(1);
    expect(outcome(await retry(receiptNo))).toBe('INVALID_TRANSITION');
  });

  it('a closed refund is retried under a new out_refund_no, every number is kept, and the money goes back once', async () => {
    const receiptNo = await paidDonation(900);
    const before = await totals();
    await arm(`R${receiptNo}`, 'close');
    expect(outcome(await refund(receiptNo))).toBe('OK');
    await waitFor('REFUND_FAILED', async () => (await view(receiptNo)).status === 'REFUND_FAILED');
    expect((await view(receiptNo)).refundFailureReason).toContain('退款关闭');
    // A refund request while it is failed is not a way round the retry.
    expect(outcome(await refund(receiptNo))).toBe('INVALID_TRANSITION');
    // Two admins press retry at once: one new refund, not two.
    const both = await Promise.all([retry(receiptNo), retry(receiptNo)]);
    // The one that lost finds the refund taken (CONFLICT) or no longer failed (INVALID_TRANSITION).
    expect(both.map(outcome).filter((o) => o === 'OK')).toHaveLength(1);
    expect(both.map(outcome).filter((o) => o !== 'OK')).toEqual([
      expect.stringMatching(/^(CONFLICT|INVALID_TRANSITION)$/),
    ]);
    await waitFor('REFUNDED', async () => (await view(receiptNo)).status === 'REFUNDED');
    const atWechat = await simRefunds(receiptNo);
    expect(atWechat.map((r) => [r.out_refund_no, r.status])).toEqual([
      [`R${receiptNo}`, 'CLOSED'],
      [`R${receiptNo}-2`, 'SUCCESS'],
    ]);
    const kept = await rows<{ out_refund_no: string; state: string }>(
      `SELECT r.out_refund_no, r.state FROM donation_refund r JOIN donation d ON d.id = r.donation_id
        WHERE d.receipt_no = $1 ORDER BY r.created_at`,
      [receiptNo],
    );
    expect(kept).toEqual([
      { out_refund_no: `R${receiptNo}`, state: 'CLOSED' },
      { out_refund_no: `R${receiptNo}-2`, state: 'SUCCESS' },
    ]);
    // The closed refund's notification again, and the successful one again: nothing moves.
    const [closed] = await notifications(receiptNo, 'REFUND.CLOSED');
    const [success] = await notifications(receiptNo, 'REFUND.SUCCESS');
    expect((await Promise.all([replay(closed), replay(success), replay(success)])).map((r) => r.status)).toEqual([
      204, 204, 204,
    ]);
    expect((await view(receiptNo)).status).toBe('REFUNDED');
    expect(await refundEntries(receiptNo)).toBe('1');
    expect(await totals()).toEqual({ raisedFen: before.raisedFen - 900, donationCount: before.donationCount - 1 });
    // Dated by WeChat's acceptance of the refund that went through, as the bill dates it.
    const [dated] = await rows<{ refund_accepted_at: Date; refund_no: string }>(
      `SELECT refund_accepted_at, refund_no FROM donation WHERE receipt_no = $1`,
      [receiptNo],
    );
    expect(dated.refund_no).toBe(`R${receiptNo}-2`);
    expect(dated.refund_accepted_at.getTime()).toBe(Date.parse(atWechat[1].create_time));
  });

  it('a refund whose notification never came is found by the refund query job', async () => {
    const receiptNo = await paidDonation(1200);
    await arm(`R${receiptNo}`, 'withhold');
    expect(outcome(await refund(receiptNo))).toBe('OK');
    await waitFor('the stand-in to settle it', async () => (await simRefunds(receiptNo))[0]?.status === 'SUCCESS');
    await waitFor('REFUNDED by the query job', async () => (await view(receiptNo)).status === 'REFUNDED');
    expect(await notifications(receiptNo, 'REFUND.SUCCESS')).toEqual([]);
    expect(await refundEntries(receiptNo)).toBe('1');
    const [settled] = await simRefunds(receiptNo);
    expect((await view(receiptNo)).refundedAt).toBe(new Date(settled.success_time!).toISOString());
  });

  it('an abnormal refund whose notification never came is found failed by the query job', async () => {
    const receiptNo = await paidDonation(700);
    await arm(`R${receiptNo}`, 'withhold');
    await arm(`R${receiptNo}`, 'abnormal');
    expect(outcome(await refund(receiptNo))).toBe('OK');
    await waitFor('REFUND_FAILED by the query job', async () => (await view(receiptNo)).status === 'REFUND_FAILED');
    expect(await notifications(receiptNo, 'REFUND.ABNORMAL')).toEqual([]);
    expect(await audits('donation.refund_failed', receiptNo)).toBe(1);
    expect((await failedList()).map((d) => d.receiptNo)).toContain(receiptNo);
  });
});
