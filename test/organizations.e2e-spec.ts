import {
  bearer,
  campaignIdOf,
  createTestApp,
  donorLogin,
  loginAs,
  outcome,
  paidDonation,
  refundedDonation,
  startDonation,
  TestApp,
} from '@shanchou/test';

interface Standing {
  rank: number;
  organization: { id: string; name: string; regionName: string };
  rosterSize: number | null;
  participants: number;
  participationRate: number | null;
  raisedFen: number;
  donationCount: number;
}

/** 单位 and 党支部: giving on their behalf, rosters, and the participation ranking. */
describe('organisations, rosters and participation', () => {
  let t: TestApp;
  let district: string;
  let town: string;
  let town2: string;
  let campaignId: string;

  const createOrganization = (token: string, name: string, regionCode: string, kind = 'WORK_UNIT') =>
    t.gql<{ createOrganization: { id: string; name: string; regionName: string } }>(
      'mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id name regionName } }',
      { i: { kind, name, regionCode } },
      bearer(token),
    );
  const importRoster = (token: string, organizationId: string, csv: string, campaign = campaignId) =>
    t.gql<{ importRoster: { size: number; previousSize: number | null } }>(
      'mutation($c: ID!, $o: ID!, $csv: String!) { importRoster(campaignId: $c, organizationId: $o, csv: $csv) { size previousSize } }',
      { c: campaign, o: organizationId, csv },
      bearer(token),
    );
  const ranking = async (extra = '') => {
    const res = await t.gql<{ organizationRanking: Standing[] }>(
      `{ organizationRanking(campaignId: "${campaignId}" ${extra}) { rank organization { id name regionName } rosterSize participants participationRate raisedFen donationCount } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.organizationRanking;
  };

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true, wechatSim: { notifyRetryScale: 0.001 } });
    [district, town, town2] = await Promise.all(['demo-district', 'demo-town', 'demo-town2'].map((u) => loginAs(t, u)));
    campaignId = await campaignIdOf(t, 'cixin-yiri-juan-2026');
  });
  afterAll(() => t.close());

  it('lets a town operator add organisations in its own town only, with unique names per region', async () => {
    const made = await createOrganization(town, '坛山街道办事处', '370404001');
    expect(made.data!.createOrganization).toMatchObject({ name: '坛山街道办事处', regionName: '坛山街道' });
    expect(outcome(await createOrganization(town, '吴林街道中心小学', '370404002'))).toBe('FORBIDDEN');
    const again = await createOrganization(district, '坛山街道办事处', '370404001');
    expect(outcome(again)).toBe('CONFLICT');
    expect(outcome(await createOrganization(town, '   ', '370404001'))).toBe('BAD_USER_INPUT');
    expect(outcome(await createOrganization(town, '某单位', '999999'))).toBe('NOT_FOUND');
    const picker = await t.gql<{ organizations: { name: string }[] }>(
      '{ organizations(regionCode: "370404001", search: "办事处") { name } }',
    );
    expect(picker.data!.organizations.map((o) => o.name)).toEqual(['坛山街道办事处']);
  });

  it('imports a roster from CSV, all or nothing, naming the line at fault, and only inside the region', async () => {
    const org = (await createOrganization(town, '坛山卫生院', '370404001')).data!.createOrganization.id;
    const bad = await importRoster(town, org, '姓名,工号\n张伟,A1\n李娜,A1\n');
    expect(outcome(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]).toMatchObject({
      message: 'csv: 第 3 行「工号」A1 与第 2 行重复',
      extensions: { code: 'BAD_USER_INPUT', field: 'csv' },
    });
    const first = await importRoster(
      town,
      org,
      '\ufeff姓名,工号,手机号\r\n张伟,A1,13800000001\r\n李娜,A2,\r\n王芳,A3,\r\n',
    );
    expect(first.data!.importRoster).toEqual({ size: 3, previousSize: null });
    const replaced = await importRoster(town, org, '姓名\n张伟\n李娜\n王芳\n赵强\n');
    expect(replaced.data!.importRoster).toEqual({ size: 4, previousSize: 3 });
    expect(outcome(await importRoster(town2, org, '姓名\n某人\n'))).toBe('FORBIDDEN');
    const standing = (await ranking()).find((s) => s.organization.id === org)!;
    expect(standing).toMatchObject({ rosterSize: 4, participants: 0, participationRate: 0, raisedFen: 0 });
  });

  it('counts gifts on behalf of an organisation once per donor, ranks by participation, and shows no person', async () => {
    const unit = (await createOrganization(district, '峄城区中医院', '370404')).data!.createOrganization.id;
    const branch = (await createOrganization(town, '东关社区党支部', '370404001002', 'PARTY_BRANCH')).data!
      .createOrganization.id;
    await importRoster(district, unit, '姓名,工号\n刘一,1\n陈二,2\n张三,3\n');
    await importRoster(town, branch, '姓名\n李四\n');
    const [a, b, c] = await Promise.all(['oOrg-a', 'oOrg-b', 'oOrg-c'].map((o) => donorLogin(t, o)));
    await paidDonation(t, a.token, { campaignId, amountFen: 5000, organizationId: unit });
    await paidDonation(t, a.token, { campaignId, amountFen: 3000, organizationId: unit });
    const bGift = await paidDonation(t, b.token, { campaignId, amountFen: 2000, organizationId: unit });
    await paidDonation(t, c.token, { campaignId, amountFen: 1000, organizationId: branch });

    const lines = await ranking();
    expect(standingOf(lines, branch)).toMatchObject({
      rank: 1,
      rosterSize: 1,
      participants: 1,
      participationRate: 1,
      raisedFen: 1000,
    });
    expect(standingOf(lines, unit)).toMatchObject({
      rank: 2,
      rosterSize: 3,
      participants: 2,
      participationRate: 0.6667,
      raisedFen: 10000,
      donationCount: 3,
    });
    const text = JSON.stringify(lines);
    for (const person of ['刘一', '陈二', '张三', '李四', 'oOrg-a']) expect(text).not.toContain(person);
    expect((await ranking('kind: PARTY_BRANCH')).map((l) => l.organization.id)).toEqual([branch]);

    const gift = await t.gql<{ donation: { organization: { name: string } } }>(
      `{ donation(receiptNo: "${bGift}") { organization { name } } }`,
      {},
      bearer(b.token),
    );
    expect(gift.data!.donation.organization.name).toBe('峄城区中医院');

    // A refunded gift leaves the tally; its donor no longer counts once they have none left.
    await refundedDonation(t, district, bGift);
    expect(standingOf(await ranking(), unit)).toMatchObject({ participants: 1, raisedFen: 8000, donationCount: 2 });
  });

  it('refuses a gift on behalf of an organisation that does not exist, naming the field', async () => {
    const d = await donorLogin(t, 'oOrg-d');
    const res = await t.gql(
      'mutation($i: CreateDonationInput!) { createDonation(input: $i) { donation { receiptNo } } }',
      { i: { campaignId, amountFen: 100, organizationId: '00000000-0000-4000-8000-000000000000' } },
      bearer(d.token),
    );
    expect(outcome(res)).toBe('NOT_FOUND');
    expect(JSON.stringify(res.errors)).toContain('organizationId');
    await expect(startDonation(t, d.token, { campaignId, amountFen: 100 })).resolves.toMatch(/^SC\d{22}$/);
  });
});

function standingOf(lines: Standing[], id: string): Standing {
  return lines.find((l) => l.organization.id === id)!;
}
