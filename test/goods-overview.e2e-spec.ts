import {
  caller,
  createTestApp,
  DEMO_VILLAGE_CODE,
  demoStaffTokens,
  donorLogin,
  outcome,
  registerItem,
  signaturePng,
  TestApp,
} from '@shanchou/test';

interface Overview {
  itemsReceived: number;
  unitsReceived: number;
  unitsDelivered: number;
  householdsReached: number;
  unitsInStock: number;
  byRegion: {
    regionCode: string;
    regionName: string;
    itemsReceived: number;
    unitsReceived: number;
    unitsDelivered: number;
    householdsReached: number;
  }[];
}

const OVERVIEW = `{ goodsOverview { itemsReceived unitsReceived unitsDelivered householdsReached unitsInStock
  byRegion { regionCode regionName itemsReceived unitsReceived unitsDelivered householdsReached } } }`;

/** 物资总览 for the district centre: goods received at each town's centres, and what reached its households. */
describe('goodsOverview', () => {
  let t: TestApp;
  let tokens: Awaited<ReturnType<typeof demoStaffTokens>>;

  const overview = async (token: string) => {
    const res = await caller(t, token)<{ goodsOverview: Overview }>(OVERVIEW);
    expect(res.errors).toBeUndefined();
    return res.data!.goodsOverview;
  };

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
    tokens = await demoStaffTokens(t);
    // 坛山街道: two lots at the street's centre (one rejected), one at a community's centre.
    await registerItem(t, tokens.town, { quantity: 10, unit: '袋' });
    await registerItem(t, tokens.town, {
      category: '衣物',
      description: '破损棉衣',
      quantity: 3,
      condition: 'UNUSABLE',
      rejectionReason: '破损严重',
    });
    const blankets = await registerItem(t, tokens.village, {
      category: '被褥',
      description: '棉被',
      quantity: 4,
      unit: '床',
    });
    // 吴林街道: one lot.
    await registerItem(t, tokens.town2, { category: '文具', description: '书包', quantity: 6, unit: '个' });

    // The community's centre hands the blankets to one of its households.
    const village = caller(t, tokens.village);
    const households = await village<{ households: { id: string }[] }>(
      `{ households(regionCode: "${DEMO_VILLAGE_CODE}") { id } }`,
    );
    const disinfected = await village('mutation($i: DisinfectionInput!) { recordDisinfection(input: $i) { code } }', {
      i: { itemCodes: [blankets], method: 'UV' },
    });
    expect(disinfected.errors).toBeUndefined();
    const delivered = await village('mutation($i: DeliverItemsInput!) { deliverItems(input: $i) { code status } }', {
      i: {
        itemCodes: [blankets],
        householdId: households.data!.households[0].id,
        receivedBy: '王秀英',
        signaturePng: signaturePng(),
      },
    });
    expect(delivered.errors).toBeUndefined();
  });
  afterAll(() => t.close());

  it('gives what each street and town received and delivered, zeros included', async () => {
    const all = await overview(tokens.district);
    expect(all.byRegion).toHaveLength(7);
    const byName = Object.fromEntries(all.byRegion.map((r) => [r.regionName, r]));
    expect(byName['坛山街道']).toEqual({
      regionCode: '370404001',
      regionName: '坛山街道',
      itemsReceived: 3,
      unitsReceived: 17,
      unitsDelivered: 4,
      householdsReached: 1,
    });
    expect(byName['吴林街道']).toMatchObject({ itemsReceived: 1, unitsReceived: 6, unitsDelivered: 0 });
    expect(byName['古邵镇']).toMatchObject({ itemsReceived: 0, unitsReceived: 0, unitsDelivered: 0 });
    // Rejected goods were received but are not in stock; delivered ones have left it.
    expect(all).toMatchObject({
      itemsReceived: 4,
      unitsReceived: 23,
      unitsDelivered: 4,
      householdsReached: 1,
      unitsInStock: 16,
    });
  });

  it('is for the district centre and the auditor; others are refused', async () => {
    const donor = (await donorLogin(t, 'oGoods-overview-1')).token;
    expect(outcome(await caller(t, tokens.town)(OVERVIEW))).toBe('FORBIDDEN');
    expect(outcome(await caller(t, donor)(OVERVIEW))).toBe('FORBIDDEN');
    expect(outcome(await caller(t)(OVERVIEW))).toBe('UNAUTHENTICATED');
  });
});
