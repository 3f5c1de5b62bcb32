import { WechatPayClient } from '@shanchou/wechatpay';
import { donationStatus, TestApp, waitFor } from '@shanchou/test';
import { DataSource } from 'typeorm';

/** The stand-in's outage control: the pay API answers 503 for `seconds` (0: back now). */
export async function wechatOutage(t: TestApp, seconds: number): Promise<void> {
  const res = await fetch(`${t.config.wechat.payBaseUrl}/_sim/outage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ seconds }),
  });
  if (!res.ok) throw new Error(`the stand-in refused the outage: ${res.status}`);
}

/** Waits until none of the orders is PENDING any more. */
export async function ordersSettled(t: TestApp, token: string, orders: string[], timeoutMs: number): Promise<void> {
  await waitFor(
    'every order settled',
    async () => {
      const states = await Promise.all(orders.map((r) => donationStatus(t, token, r)));
      return states.every((s) => s === 'PAID' || s === 'CLOSED');
    },
    timeoutMs,
  );
}

/**
 * Each order as WeChat has it: `paid` SUCCESS at WeChat and PAID here, credited with one DONATION
 * entry of its amount; every other CLOSED on both sides. And every time-out row completed, none dead.
 */
export async function expectOrdersAsWechat(
  t: TestApp,
  token: string,
  orders: { receiptNo: string; amountFen: number; campaignId: string }[],
  paid: string,
): Promise<void> {
  const wechat = t.app.get(WechatPayClient);
  for (const { receiptNo } of orders) {
    const remote = await wechat.query(receiptNo);
    const local = await donationStatus(t, token, receiptNo);
    expect([receiptNo, local, remote.trade_state]).toEqual(
      receiptNo === paid ? [receiptNo, 'PAID', 'SUCCESS'] : [receiptNo, 'CLOSED', 'CLOSED'],
    );
  }
  const ds = t.app.get(DataSource);
  // Whatever the sequencer has not integrated yet, integrated now (an entry is queued, or in).
  await t.integrateLedger();
  const credited = orders.find((o) => o.receiptNo === paid)!;
  const entries: { n: string | number }[] = await ds.query(
    `SELECT count(*) AS n FROM ledger_entry WHERE kind = 'DONATION' AND campaign_id = $1 AND amount_fen = $2`,
    [credited.campaignId, credited.amountFen],
  );
  expect(Number(entries[0].n)).toBe(1);
  const keys = orders.map((o) => `expire-donation.${o.receiptNo}`);
  await waitFor('every time-out row completed, none dead', async () => {
    const rows: { done: boolean }[] = await ds.query(
      `SELECT (completed_at IS NOT NULL AND dead_at IS NULL) AS done FROM outbox_message WHERE job_key = ANY($1::text[])`,
      [keys],
    );
    return rows.length === orders.length && rows.every((r) => r.done);
  });
}
