import {
  bearer,
  campaignIdOf,
  createTestApp,
  donorLogin,
  loginAs,
  outcome,
  paidDonation,
  refundedDonation,
  TestApp,
} from '@shanchou/test';

interface Overview {
  raisedFen: number;
  donationCount: number;
  byCampaign: { slug: string; raisedFen: number; donationCount: number }[];
  byRegion: {
    regionCode: string;
    regionName: string;
    raisedFen: number;
    donationCount: number;
    organizations: number;
  }[];
  rootUnitsFen: number;
  personalFen: number;
}

const OVERVIEW = `query($c: ID) { fundraisingOverview(campaignId: $c) {
  raisedFen donationCount byCampaign { slug raisedFen donationCount }
  byRegion { regionCode regionName raisedFen donationCount organizations } rootUnitsFen personalFen } }`;

/** 筹款总览 for the district centre: by campaign, and by the town of the organisation a gift was for. */
describe('fundraisingOverview', () => {
  let t: TestApp;
  let district: string;
  let cixin: string;
  let general: string;
  const org: Record<string, string> = {};

  const overview = async (token: string, campaignId?: string) => {
    const res = await t.gql<{ fundraisingOverview: Overview }>(OVERVIEW, { c: campaignId }, bearer(token));
    expect(res.errors).toBeUndefined();
    return res.data!.fundraisingOverview;
  };

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true, wechatSim: { notifyRetryScale: 0.001 } });
    district = await loginAs(t, 'demo-district');
    [cixin, general] = await Promise.all([campaignIdOf(t, 'cixin-yiri-juan-2026'), campaignIdOf(t, 'fupin-shanchou')]);
    const orgs = await t.gql<{ organizations: { id: string; name: string }[] }>('{ organizations { id name } }');
    for (const o of orgs.data!.organizations) org[o.name] = o.id;

    const donor = (await donorLogin(t, 'oOverview-donor-01')).token;
    const other = (await donorLogin(t, 'oOverview-donor-02')).token;
    // 坛山街道: a unit of the street and a party branch of one of its communities.
    await paidDonation(t, donor, { campaignId: cixin, amountFen: 5000, organizationId: org['峄城区实验小学'] });
    await paidDonation(t, other, { campaignId: cixin, amountFen: 2000, organizationId: org['坛山社区党支部'] });
    // 吴林街道, through a village party branch; then refunded: it no longer counts.
    const refunded = await paidDonation(t, other, {
      campaignId: cixin,
      amountFen: 3000,
      organizationId: org['曹庄村党支部'],
    });
    await refundedDonation(t, district, refunded);
    await paidDonation(t, other, { campaignId: general, amountFen: 700, organizationId: org['吴林街道办事处'] });
    // 区直单位, and a gift for no organisation.
    await paidDonation(t, donor, { campaignId: cixin, amountFen: 10000, organizationId: org['峄城区民政局'] });
    await paidDonation(t, donor, { campaignId: general, amountFen: 1500 });
  });
  afterAll(() => t.close());

  it('gives every street and town of the district, with what was given on behalf of its organisations', async () => {
    const all = await overview(district);
    expect(all.byRegion.map((r) => r.regionName)).toEqual([
      '坛山街道',
      '吴林街道',
      '古邵镇',
      '阴平镇',
      '底阁镇',
      '榴园镇',
      '峨山镇',
    ]);
    const byName = Object.fromEntries(all.byRegion.map((r) => [r.regionName, r]));
    expect(byName['坛山街道']).toMatchObject({ raisedFen: 7000, donationCount: 2, organizations: 2 });
    expect(byName['吴林街道']).toMatchObject({ raisedFen: 700, donationCount: 1, organizations: 1 });
    expect(byName['古邵镇']).toMatchObject({ raisedFen: 0, donationCount: 0, organizations: 0 });
    expect(all.rootUnitsFen).toBe(10000);
    expect(all.personalFen).toBe(1500);
    expect(all.raisedFen).toBe(7000 + 700 + 10000 + 1500);
    expect(all.donationCount).toBe(5);
    const slugs = Object.fromEntries(all.byCampaign.map((c) => [c.slug, c]));
    expect(slugs['cixin-yiri-juan-2026']).toMatchObject({ raisedFen: 17000, donationCount: 3 });
    expect(slugs['fupin-shanchou']).toMatchObject({ raisedFen: 2200, donationCount: 2 });
  });

  it('narrows to one campaign', async () => {
    const one = await overview(district, general);
    expect(one.byCampaign.map((c) => c.slug)).toEqual(['fupin-shanchou']);
    expect(one.raisedFen).toBe(2200);
    expect(one.byRegion.find((r) => r.regionName === '坛山街道')!.raisedFen).toBe(0);
    expect(one.byRegion.find((r) => r.regionName === '吴林街道')!.raisedFen).toBe(700);
    expect(one.rootUnitsFen).toBe(0);
    expect(one.personalFen).toBe(1500);
  });

  it('is for the district centre and the auditor; others are refused', async () => {
    const town = await loginAs(t, 'demo-town');
    const donor = (await donorLogin(t, 'oOverview-donor-03')).token;
    expect(outcome(await t.gql(OVERVIEW, {}, bearer(town)))).toBe('FORBIDDEN');
    expect(outcome(await t.gql(OVERVIEW, {}, bearer(donor)))).toBe('FORBIDDEN');
    expect(outcome(await t.gql(OVERVIEW))).toBe('UNAUTHENTICATED');
    expect(outcome(await t.gql(OVERVIEW, { c: 'not-a-uuid' }, bearer(district)))).toBe('BAD_USER_INPUT');
  });
});
