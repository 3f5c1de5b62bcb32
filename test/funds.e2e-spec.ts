import { Transactions } from '@shanchou/core';
import { LedgerKind, LedgerService } from '@shanchou/ledger';
import { bearer, createTestApp, loginAs, outcome, TestApp } from '@shanchou/test';

describe('allocations and disbursements', () => {
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
  const disburse = (id: string, amountFen: number, voucher: string) =>
    t.gql<{ recordDisbursement: { ledgerSeqs: number[] } }>(
      `mutation { recordDisbursement(input: { campaignId: "${id}", amountFen: ${amountFen}, payee: "峨山镇马山村委会", purpose: "冬季棉被", voucherNo: "${voucher}" }) { ledgerSeqs } }`,
      {},
      bearer(admin),
    );

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

  it('pays money out with payee, purpose and voucher in the public memo', async () => {
    const res = await disburse(project, 1500, 'PZ-2026-0001');
    const [seq] = res.data!.recordDisbursement.ledgerSeqs;
    const entries = await t.gql<{
      ledger: { entries: { seq: number; kind: string; amountFen: number; memo: string }[] };
    }>(`{ ledger(campaignId: "${project}", first: 10) { entries { seq kind amountFen memo } } }`);
    expect(entries.data!.ledger.entries.find((e) => e.seq === seq)).toEqual({
      seq,
      kind: 'DISBURSEMENT',
      amountFen: -1500,
      memo: '冬季棉被; 收款方 峨山镇马山村委会; 凭证 PZ-2026-0001',
    });
    expect(await balance(project)).toBe(2500);
  });

  it('refuses, of two disbursements recorded at the same moment that together would overdraw, one', async () => {
    const results = await Promise.all([disburse(project, 2000, 'PZ-A'), disburse(project, 2000, 'PZ-B')]);
    expect(results.map(outcome).sort()).toEqual(['CONFLICT', 'OK']);
    const refused = results.find((r) => outcome(r) === 'CONFLICT')!;
    expect(refused.errors![0].message).toMatch(/holds 500 fen: it cannot pay out 2000 fen/);
    expect(await balance(project)).toBe(500);
  });

  it('refuses an allocation beyond the balance, and bad input, changing nothing', async () => {
    const over = await t.gql(
      `mutation { recordAllocation(input: { fromCampaignId: "${general}", toCampaignId: "${project}", amountFen: 6001, memo: "超额" }) { ledgerSeqs } }`,
      {},
      bearer(admin),
    );
    expect(outcome(over)).toBe('CONFLICT');
    const zero = await disburse(general, 0, 'PZ-0');
    expect(zero.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.amountFen' } });
    expect(await balance(general)).toBe(6000);
  });

  it('is for district admins only', async () => {
    const town = await loginAs(t, 'demo-town');
    const res = await t.gql(
      `mutation { recordDisbursement(input: { campaignId: "${general}", amountFen: 1, payee: "x", purpose: "y", voucherNo: "z" }) { ledgerSeqs } }`,
      {},
      bearer(town),
    );
    expect(outcome(res)).toBe('FORBIDDEN');
  });
});
