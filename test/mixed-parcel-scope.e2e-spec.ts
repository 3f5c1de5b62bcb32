import {
  caller,
  createTestApp,
  demoCentres,
  DemoCentres,
  demoStaffTokens,
  donorLogin,
  outcome,
  registerItem,
  TestApp,
} from '@shanchou/test';

/**
 * Issue 14's reproduction: the district packs goods of two towns into one parcel. Each town sees
 * its own goods in it and a count of the others, never their donors, codes or the staff who
 * handled them; the receiving town handles the whole parcel but not the other town's donors.
 */
describe('region scope through nested fields: a parcel of two towns’ goods', () => {
  let t: TestApp;
  let tokens: Awaited<ReturnType<typeof demoStaffTokens>>;
  let centres: DemoCentres;
  let x: string;
  let w: string;
  let mixed: string;

  const step = async (token: string, query: string) => {
    const res = await caller(t, token)<Record<string, { code: string }>>(query);
    if (res.errors) throw new Error(`${query}: ${JSON.stringify(res.errors)}`);
    return Object.values(res.data!)[0];
  };
  const toDistrict = async (token: string, item: string) => {
    const parcel = (await step(token, `mutation { packParcel(input: { itemCodes: ["${item}"] }) { code } }`)).code;
    await step(token, `mutation { dispatchParcel(parcelCode: "${parcel}", toNodeId: "${centres.district}") { code } }`);
    await step(tokens.district, `mutation { receiveParcel(parcelCode: "${parcel}") { code } }`);
    await step(tokens.district, `mutation { unpackParcel(parcelCode: "${parcel}") { code } }`);
  };

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
    tokens = await demoStaffTokens(t);
    centres = await demoCentres(t);
    x = await registerItem(t, tokens.town, { donorName: '坛山捐赠人', donorPhone: '13911111111' });
    w = await registerItem(t, tokens.town2, { donorName: '吴林隐私人', donorPhone: '13922222222' });
    await toDistrict(tokens.town, x);
    await toDistrict(tokens.town2, w);
    mixed = (await step(tokens.district, `mutation { packParcel(input: { itemCodes: ["${x}", "${w}"] }) { code } }`))
      .code;
    await step(
      tokens.district,
      `mutation { dispatchParcel(parcelCode: "${mixed}", toNodeId: "${centres.wulin}") { code } }`,
    );
  });
  afterAll(() => t.close());

  const NESTED = 'code parcel { code otherItemCount items { code donorName donorPhone history { actor note } } }';

  it('坛山街道 sees its own item in the parcel and a count of the other, nothing of 吴林’s', async () => {
    const direct = await caller(t, tokens.town)<{ item: unknown }>(`{ item(code: "${x}") { ${NESTED} } }`);
    const scanned = await caller(
      t,
      tokens.town,
    )<{ scan: unknown }>(
      `{ scan(code: "${x}") { item { ${NESTED} } parcel { code otherItemCount items { code donorName } } } }`,
    );
    for (const res of [direct, scanned]) {
      expect(res.errors).toBeUndefined();
      const text = JSON.stringify(res.data);
      for (const secret of [w, '吴林隐私人', '13922222222', 'demo-town2']) expect(text).not.toContain(secret);
      expect(text).toContain('坛山捐赠人');
    }
    expect(direct.data!.item).toMatchObject({
      code: x,
      parcel: {
        code: mixed,
        otherItemCount: 1,
        items: [{ code: x, donorName: '坛山捐赠人', donorPhone: '13911111111' }],
      },
    });
    // Steps taken at the district centre are outside 坛山街道's subtree: when, where and what, not who.
    const steps = (direct.data!.item as { parcel: { items: { history: { actor: string | null }[] }[] } }).parcel
      .items[0].history;
    expect(steps.map((s) => s.actor)).toEqual(expect.arrayContaining(['demo-town', null]));
    expect(steps.map((s) => s.actor)).not.toContain('demo-district');
  });

  it('the parcel itself is seen by 坛山街道 only as far as its own goods go', async () => {
    const res = await caller(
      t,
      tokens.town,
    )<{ parcel: unknown }>(
      `{ parcel(code: "${mixed}") { code status otherItemCount items { code } history { actor } } }`,
    );
    expect(res.data!.parcel).toMatchObject({ code: mixed, otherItemCount: 1, items: [{ code: x }] });
    expect(JSON.stringify(res.data)).not.toContain('demo-district');
    // 坛山街道 cannot take a step on it: it is not at or bound for 坛山街道's centre.
    expect(outcome(await caller(t, tokens.town)(`mutation { receiveParcel(parcelCode: "${mixed}") { code } }`))).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('吴林街道, receiving it, handles every item but reads no donor of 坛山街道’s', async () => {
    const res = await caller(
      t,
      tokens.town2,
    )<{
      parcel: {
        otherItemCount: number;
        items: { code: string; donorName: string | null; donorPhone: string | null }[];
      };
    }>(`{ parcel(code: "${mixed}") { otherItemCount items { code donorName donorPhone history { actor } } } }`);
    const parcel = res.data!.parcel;
    expect(parcel.otherItemCount).toBe(0);
    expect(parcel.items.map((i) => i.code).sort()).toEqual([w, x].sort());
    expect(parcel.items.find((i) => i.code === x)).toMatchObject({ donorName: null, donorPhone: null });
    expect(parcel.items.find((i) => i.code === w)).toMatchObject({
      donorName: '吴林隐私人',
      donorPhone: '13922222222',
    });
    expect(JSON.stringify(res.data)).not.toContain('demo-town"');
    expect(
      (await caller(t, tokens.town2)(`mutation { receiveParcel(parcelCode: "${mixed}") { status } }`)).data,
    ).toEqual({
      receiveParcel: { status: 'RECEIVED' },
    });
  });

  it('the district sees all of it', async () => {
    const res = await caller(
      t,
      tokens.district,
    )<{ parcel: { otherItemCount: number; items: { code: string }[] } }>(
      `{ parcel(code: "${mixed}") { otherItemCount items { code history { actor } } } }`,
    );
    expect(res.data!.parcel.otherItemCount).toBe(0);
    expect(res.data!.parcel.items).toHaveLength(2);
    expect(JSON.stringify(res.data)).toContain('demo-town2');
  });

  it('a goods offer is found and fulfilled only by staff whose scope holds its drop-off centre', async () => {
    const donor = await donorLogin(t, 'oMixed-offer-donor');
    const offered = await caller(t, donor.token)<{ offerGoods: { code: string } }>(
      `mutation($to: ID!) { offerGoods(input: { category: "衣物", description: "棉被", quantity: 2, dropOffNodeId: $to, donorName: "赵捐" }) { code } }`,
      { to: centres.tanshan },
    );
    const offer = offered.data!.offerGoods.code;
    const register = (token: string) =>
      caller(
        t,
        token,
      )(
        `mutation { registerItem(input: { category: "衣物", description: "棉被", quantity: 2, offerCode: "${offer}" }) { code } }`,
      );
    const scan = (token: string) =>
      caller(t, token)<{ scan: { kind: string } }>(`{ scan(code: "${offer}") { kind offer { code } } }`);

    const elsewhere = await scan(tokens.town2);
    expect(outcome(elsewhere)).toBe('NOT_FOUND');
    expect(JSON.stringify(elsewhere)).not.toContain('赵捐');
    expect(outcome(await register(tokens.town2))).toBe('NOT_FOUND');
    expect((await scan(tokens.town)).data!.scan.kind).toBe('OFFER');
    expect((await register(tokens.town)).errors).toBeUndefined();
  });
});
