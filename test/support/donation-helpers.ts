import { bearer, outcome } from './auth-helpers';
import { TestApp } from './test-app';
import { waitFor } from './wait';

/** The id of a demo campaign, by slug. */
export async function campaignIdOf(t: TestApp, slug: string): Promise<string> {
  const res = await t.gql<{ campaign: { id: string } | null }>('query($s: String!) { campaign(slug: $s) { id } }', {
    s: slug,
  });
  if (!res.data?.campaign) throw new Error(`no campaign ${slug}`);
  return res.data.campaign.id;
}

export interface Gift {
  campaignId: string;
  amountFen: number;
  organizationId?: string;
  anonymous?: boolean;
}

/** createDonation as the H5 page calls it; the receipt number, or the error code. */
export async function startDonation(t: TestApp, donorToken: string, gift: Gift): Promise<string> {
  const res = await t.gql<{ createDonation: { donation: { receiptNo: string } } }>(
    'mutation($input: CreateDonationInput!) { createDonation(input: $input) { donation { receiptNo } } }',
    { input: gift },
    bearer(donorToken),
  );
  if (!res.data?.createDonation) throw new Error(`createDonation: ${outcome(res)} ${JSON.stringify(res.errors)}`);
  return res.data.createDonation.donation.receiptNo;
}

export async function donationStatus(t: TestApp, token: string, receiptNo: string): Promise<string | undefined> {
  const res = await t.gql<{ donation: { status: string } | null }>(
    'query($r: String!) { donation(receiptNo: $r) { status } }',
    { r: receiptNo },
    bearer(token),
  );
  return res.data?.donation?.status;
}

/**
 * A gift paid at the stand-in, waited for until the notification has made it PAID, and its
 * ledger entry integrated (as the sequencer does within the merge delay).
 */
export async function paidDonation(t: TestApp, donorToken: string, gift: Gift): Promise<string> {
  const receiptNo = await startDonation(t, donorToken, gift);
  const paid = await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' });
  if (!paid.ok) throw new Error(`the stand-in did not take the payment: ${paid.status}`);
  await waitFor(`${receiptNo} PAID`, async () => (await donationStatus(t, donorToken, receiptNo)) === 'PAID');
  await t.integrateLedger();
  return receiptNo;
}

/** A district admin refunds a gift; waits until WeChat's refund notification made it REFUNDED (and integrated). */
export async function refundedDonation(t: TestApp, adminToken: string, receiptNo: string): Promise<void> {
  const res = await t.gql(
    'mutation($r: String!) { refundDonation(receiptNo: $r, reason: "捐赠人申请退款") { status } }',
    { r: receiptNo },
    bearer(adminToken),
  );
  if (outcome(res) !== 'OK') throw new Error(`refundDonation: ${JSON.stringify(res.errors)}`);
  await waitFor(`${receiptNo} REFUNDED`, async () => (await donationStatus(t, adminToken, receiptNo)) === 'REFUNDED');
  await t.integrateLedger();
}
