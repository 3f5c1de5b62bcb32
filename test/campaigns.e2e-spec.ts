import { CampaignService } from '@shanchou/campaigns';
import { bearer, createTestApp, loginAs, outcome, TestApp } from '@shanchou/test';

interface Campaign {
  id: string;
  slug: string;
  kind: string;
  status: string;
  fixedAmountFen: number | null;
  suggestedAmountsFen: number[];
  raisedFen: number;
  donationCount: number;
}
const FIELDS = 'id slug kind status fixedAmountFen suggestedAmountsFen raisedFen donationCount';

describe('campaigns', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    admin = await loginAs(t, 'demo-district');
  });
  afterAll(() => t.close());

  it('lists the three demo campaigns, ACTIVE, to anyone', async () => {
    const res = await t.gql<{ campaigns: Campaign[] }>(`{ campaigns(status: ACTIVE) { ${FIELDS} } }`);
    expect(res.data!.campaigns.map((c) => [c.kind, c.status])).toEqual([
      ['ONE_DAY_PAY', 'ACTIVE'],
      ['PARTY_DUES', 'ACTIVE'],
      ['GENERAL', 'ACTIVE'],
    ]);
    const dues = (await t.gql<{ campaign: Campaign }>(`{ campaign(slug: "yiyuan-aixin-dangfei") { ${FIELDS} } }`)).data!
      .campaign;
    expect(dues).toMatchObject({ fixedAmountFen: 100, suggestedAmountsFen: [], raisedFen: 0, donationCount: 0 });
  });

  it('lets a district admin create, open and close a campaign, each step audited', async () => {
    const created = await t.gql<{ createCampaign: Campaign }>(
      `mutation { createCampaign(input: { slug: "dongyi-2026", kind: GENERAL, title: "冬衣助困", suggestedAmountsFen: [2000, 5000] }) { ${FIELDS} } }`,
      {},
      bearer(admin),
    );
    expect(created.data!.createCampaign).toMatchObject({ status: 'DRAFT', suggestedAmountsFen: [2000, 5000] });
    const id = created.data!.createCampaign.id;
    const open = await t.gql<{ activateCampaign: Campaign }>(
      `mutation { activateCampaign(campaignId: "${id}") { status } }`,
      {},
      bearer(admin),
    );
    expect(open.data!.activateCampaign.status).toBe('ACTIVE');
    const again = await t.gql(`mutation { activateCampaign(campaignId: "${id}") { status } }`, {}, bearer(admin));
    expect(outcome(again)).toBe('INVALID_TRANSITION');
    const closed = await t.gql<{ closeCampaign: Campaign }>(
      `mutation { closeCampaign(campaignId: "${id}") { status } }`,
      {},
      bearer(admin),
    );
    expect(closed.data!.closeCampaign.status).toBe('CLOSED');
    const edit = await t.gql(
      `mutation { updateCampaign(campaignId: "${id}", input: { title: "x" }) { status } }`,
      {},
      bearer(admin),
    );
    expect(outcome(edit)).toBe('INVALID_TRANSITION');
    const audit = await t.gql<{ auditLog: { entries: { action: string }[] } }>(
      '{ auditLog(first: 5) { entries { action } } }',
      {},
      bearer(admin),
    );
    expect(audit.data!.auditLog.entries.map((e) => e.action).slice(0, 3)).toEqual([
      'campaign.close',
      'campaign.activate',
      'campaign.create',
    ]);
  });

  it('makes 一元爱心党费 exactly one yuan, whatever the input says', async () => {
    const res = await t.gql<{ createCampaign: Campaign }>(
      'mutation { createCampaign(input: { slug: "dangfei-2027", kind: PARTY_DUES, title: "一元爱心党费2027", suggestedAmountsFen: [500], maxAmountFen: 9999 }) { fixedAmountFen suggestedAmountsFen } }',
      {},
      bearer(admin),
    );
    expect(res.data!.createCampaign).toEqual({ fixedAmountFen: 100, suggestedAmountsFen: [] });
  });

  it.each([
    [
      'a taken slug',
      '{ slug: "fupin-shanchou", kind: GENERAL, title: "重复" }',
      'CONFLICT',
      /^input\.slug: 项目网址标识 fupin-shanchou 已被占用/,
    ],
    [
      'a bad slug',
      '{ slug: "Bad Slug", kind: GENERAL, title: "x" }',
      'BAD_USER_INPUT',
      /^slug: 须为 3 到 64 个小写字母、数字或 “-”，且不以 “-” 开头或结尾$/,
    ],
    [
      'a project without a region',
      '{ slug: "xiangmu-1", kind: PROJECT, title: "修路" }',
      'BAD_USER_INPUT',
      /^input\.regionCode: 定向项目（PROJECT）须选择它帮扶的地区$/,
    ],
    [
      'a suggested amount over the maximum',
      '{ slug: "big-1", kind: GENERAL, title: "x", maxAmountFen: 1000, suggestedAmountsFen: [2000] }',
      'BAD_USER_INPUT',
      /^input\.suggestedAmountsFen\[0\]: 建议金额须在 0.01 元到 10 元之间/,
    ],
  ])('refuses %s', async (_what, input, code, message) => {
    const res = await t.gql(`mutation { createCampaign(input: ${input}) { id } }`, {}, bearer(admin));
    expect(outcome(res)).toBe(code);
    expect(res.errors![0].message).toMatch(message);
  });

  it('is closed to everyone but district admins', async () => {
    const town = await loginAs(t, 'demo-town');
    const res = await t.gql(
      'mutation { createCampaign(input: { slug: "town-own", kind: GENERAL, title: "x" }) { id } }',
      {},
      bearer(town),
    );
    expect(outcome(res)).toBe('FORBIDDEN');
  });

  describe('the rules a gift must meet', () => {
    const rule = async (slug: string, amountFen: number) => {
      const service = t.app.get(CampaignService);
      try {
        service.assertAccepts((await service.bySlug(slug))!, amountFen);
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    };

    it('takes exactly 100 fen for 一元爱心党费', async () => {
      expect(await rule('yiyuan-aixin-dangfei', 100)).toBe('accepted');
      expect(await rule('yiyuan-aixin-dangfei', 200)).toBe('input.amountFen: 「一元爱心党费」每笔固定为 1 元');
    });

    it('refuses zero, negative, fractional and over-the-maximum amounts, and closed campaigns', async () => {
      expect(await rule('cixin-yiri-juan-2026', 0)).toBe('input.amountFen: 捐赠金额须为大于 0 的整数（单位：分）');
      expect(await rule('cixin-yiri-juan-2026', -5)).toMatch(/须为大于 0 的整数/);
      expect(await rule('cixin-yiri-juan-2026', 1.5)).toMatch(/须为大于 0 的整数/);
      expect(await rule('cixin-yiri-juan-2026', 5_000_001)).toBe('input.amountFen: 单笔捐赠最多 50000 元');
      expect(await rule('dongyi-2026', 100)).toBe('input.campaignId: 项目「冬衣助困」已结束，现在不接受捐赠');
      expect(await rule('cixin-yiri-juan-2026', 8888)).toBe('accepted');
    });
  });
});
