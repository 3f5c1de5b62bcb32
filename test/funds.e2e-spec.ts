import { Transactions } from '@shanchou/core';
import { LedgerKind, LedgerService } from '@shanchou/ledger';
import { bearer, createTestApp, loginAs, outcome, TestApp } from '@shanchou/test';

describe('allocations between campaigns', () => {
  let t: TestApp;
  let admin: string;
  let general: string;
  let project: string;

  const balance = async (id: string) =>
    (await t.gql<{ ledger: { totalFen: number } }>(`{ ledger(campaignId: "${id}", first: 1) { totalFen } }`)).data!
      .ledger.totalFen;
  const give = (id: string, amountFen: number) =>
    t.app
      .get(Transactions)
      .run((tx) => t.app.get(LedgerService).append(tx, { kind: LedgerKind.DONATION, amountFen, campaignId: id }));
  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await loginAs(t, 'demo-district');
    general = (await t.gql<{ campaign: { id: string } }>('{ campaign(slug: "fupin-shanchou") { id } }')).data!.campaign
      .id;
    const created = await t.gql<{ createCampaign: { id: string } }>(
      'mutation { createCampaign(input: { slug: "mashan-road", kind: PROJECT, title: "马山村修路", regionCode: "370404104202" }) { id } }',
      {},
      bearer(admin),
    );
    project = created.data!.createCampaign.id;
    await t.gql(`mutation { activateCampaign(campaignId: "${project}") { id } }`, {}, bearer(admin));
    await give(general, 10_000);
  });
  afterAll(() => t.close());

  it('moves money from one campaign to another as two ledger entries', async () => {
    const res = await t.gql<{ recordAllocation: { ledgerSeqs: number[] } }>(
      `mutation { recordAllocation(input: { fromCampaignId: "${general}", toCampaignId: "${project}", amountFen: 4000, memo: "修路款" }) { ledgerSeqs } }`,
      {},
      bearer(admin),
    );
    expect(res.data!.recordAllocation.ledgerSeqs).toHaveLength(2);
    expect(await balance(general)).toBe(6000);
    expect(await balance(project)).toBe(4000);
  });

  it('pays money out only through a fund request: recordDisbursement is gone (test/fund-requests.e2e-spec.ts)', async () => {
    const res = await t.gql(
      `mutation { recordDisbursement(input: { campaignId: "${project}", amountFen: 1, payee: "x", purpose: "y", voucherNo: "z" }) { ledgerSeqs } }`,
      {},
      bearer(admin),
    );
    expect(outcome(res)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await balance(project)).toBe(4000);
  });

  it('refuses an allocation beyond the balance, and bad input, changing nothing', async () => {
    const over = await t.gql(
      `mutation { recordAllocation(input: { fromCampaignId: "${general}", toCampaignId: "${project}", amountFen: 6001, memo: "超额" }) { ledgerSeqs } }`,
      {},
      bearer(admin),
    );
    expect(outcome(over)).toBe('CONFLICT');
    const zero = await t.gql(
      `mutation { recordAllocation(input: { fromCampaignId: "${general}", toCampaignId: "${project}", amountFen: 0, memo: "零" }) { ledgerSeqs } }`,
      {},
      bearer(admin),
    );
    expect(zero.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.amountFen' } });
    expect(await balance(general)).toBe(6000);
  });

  it('is for district admins only', async () => {
    const town = await loginAs(t, 'demo-town');
    const res = await t.gql(
      `mutation { recordAllocation(input: { fromCampaignId: "${general}", toCampaignId: "${project}", amountFen: 1, memo: "m" }) { ledgerSeqs } }`,
      {},
      bearer(town),
    );
    expect(outcome(res)).toBe('FORBIDDEN');
  });
});
