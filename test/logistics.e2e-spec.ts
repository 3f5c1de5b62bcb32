import {
  caller,
  createTestApp,
  DEMO_VILLAGE_CODE,
  demoCentres,
  DemoCentres,
  demoStaffTokens,
  goodsSnapshot,
  outcome,
  registerItem,
  signaturePng,
  TestApp,
} from '@shanchou/test';
import { DataSource } from 'typeorm';

interface Event {
  action: string;
  at: string;
  actor: string | null;
  note: string | null;
  node: { name: string } | null;
  toNode: { name: string } | null;
}
const PARCEL = 'code status fromNode { id } toNode { id } currentNode { id } items { code status }';

describe('goods logistics: the journey from the district to a household', () => {
  let t: TestApp;
  let tokens: Awaited<ReturnType<typeof demoStaffTokens>>;
  let centres: DemoCentres;
  let householdId: string;
  let as: Record<'district' | 'town' | 'town2' | 'village' | 'anonymous', ReturnType<typeof caller>>;

  const pack = async (who: keyof typeof as, codes: string[]) =>
    as[who]<{ packParcel: { code: string } }>(
      'mutation($c: [String!]!) { packParcel(input: { itemCodes: $c, note: "冬季物资" }) { code status } }',
      { c: codes },
    );
  const dispatch = (who: keyof typeof as, parcel: string, to: string) =>
    as[who]<{ dispatchParcel: { status: string } }>(
      `mutation($p: String!, $to: ID!) { dispatchParcel(parcelCode: $p, toNodeId: $to) { ${PARCEL} } }`,
      { p: parcel, to },
    );
  const receive = (who: keyof typeof as, parcel: string) =>
    as[who]<{ receiveParcel: { status: string } }>(
      `mutation($p: String!) { receiveParcel(parcelCode: $p) { ${PARCEL} } }`,
      { p: parcel },
    );
  const disinfect = (who: keyof typeof as, codes: string[]) =>
    as[who]<{ recordDisinfection: { code: string; status: string }[] }>(
      'mutation($c: [String!]!) { recordDisinfection(input: { itemCodes: $c, method: "uv", agent: "紫外线灯 A-3" }) { code status disinfectedAt } }',
      { c: codes },
    );
  const deliver = (parcel: string, extra: Record<string, unknown> = { signaturePng: signaturePng() }) =>
    as.village<{ deliverParcel: { status: string; items: { status: string }[] } }>(
      `mutation($input: DeliverParcelInput!) { deliverParcel(input: $input) { ${PARCEL} } }`,
      { input: { parcelCode: parcel, householdId, receivedBy: '王秀英', ...extra } },
    );

  /** An item registered at the district, (optionally) disinfected, carried to the village and received there. */
  async function parcelAtVillage(disinfected: boolean): Promise<{ item: string; parcel: string }> {
    const item = await registerItem(t, tokens.district, {
      category: '衣物',
      description: '棉衣',
      quantity: 4,
      unit: '件',
    });
    if (disinfected) expect(outcome(await disinfect('district', [item]))).toBe('OK');
    const parcel = (await pack('district', [item])).data!.packParcel.code;
    expect(outcome(await dispatch('district', parcel, centres.tanshan))).toBe('OK');
    expect(outcome(await receive('town', parcel))).toBe('OK');
    expect(outcome(await dispatch('town', parcel, centres.village))).toBe('OK');
    expect(outcome(await receive('village', parcel))).toBe('OK');
    return { item, parcel };
  }

  /** The step fails with `code` and changes nothing at all. */
  async function refusedUnchanged(
    step: () => Promise<{ errors?: { extensions?: { code?: string } }[] }>,
    code: string,
  ) {
    const before = await goodsSnapshot(t);
    const res = await step();
    expect(outcome(res)).toBe(code);
    expect(await goodsSnapshot(t)).toEqual(before);
    return res as { errors: { message: string }[] };
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    tokens = await demoStaffTokens(t);
    centres = await demoCentres(t);
    as = {
      district: caller(t, tokens.district),
      town: caller(t, tokens.town),
      town2: caller(t, tokens.town2),
      village: caller(t, tokens.village),
      anonymous: caller(t),
    };
    const households = await as.village<{ households: { id: string }[] }>(
      `{ households(regionCode: "${DEMO_VILLAGE_CODE}") { id } }`,
    );
    householdId = households.data!.households[0].id;
  });
  afterAll(() => t.close());

  it('registers at 峄城区, disinfects, parcels to 坛山街道, on to a village, delivers to a household; the public track shows each step', async () => {
    const registered = await as.district<{
      registerItem: { code: string; status: string; quantity: number; ledgerSeq: number; node: { id: string } };
    }>(
      `mutation { registerItem(input: { category: "粮油", description: "东北大米 5kg", quantity: 10, unit: "袋", condition: "new", donorName: "张三丰", donorPhone: "13800138000" }) {
        code status quantity ledgerSeq node { id } } }`,
    );
    const item = registered.data!.registerItem;
    expect(item).toMatchObject({ status: 'REGISTERED', quantity: 10, node: { id: centres.district } });
    expect(item.code).toMatch(/^IT-[0-9A-HJKMNP-TV-Z]{10}$/);

    // GOODS_IN in the public ledger: the units, the donor masked, the code to follow.
    await t.integrateLedger();
    const ledger = await as.anonymous<{
      ledger: { entries: { seq: number; kind: string; quantity: number; donor: string; memo: string }[] };
    }>('{ ledger(first: 100) { entries { seq kind quantity donor memo } } }');
    expect(ledger.data!.ledger.entries.find((e) => e.seq === item.ledgerSeq)).toMatchObject({
      kind: 'GOODS_IN',
      quantity: 10,
      donor: '张**',
      memo: expect.stringContaining(item.code) as string,
    });

    const cleaned = await disinfect('district', [item.code]);
    expect(cleaned.data!.recordDisinfection).toEqual([
      expect.objectContaining({ code: item.code, status: 'DISINFECTED' }),
    ]);

    const packed = await pack('district', [item.code]);
    const parcel = packed.data!.packParcel.code;
    expect(parcel).toMatch(/^PK-[0-9A-HJKMNP-TV-Z]{10}$/);

    const toTown = await dispatch('district', parcel, centres.tanshan);
    expect(toTown.data!.dispatchParcel).toMatchObject({
      status: 'IN_TRANSIT',
      fromNode: { id: centres.district },
      toNode: { id: centres.tanshan },
      currentNode: null,
      items: [{ code: item.code, status: 'IN_TRANSIT' }],
    });
    const atTown = await receive('town', parcel);
    expect(atTown.data!.receiveParcel).toMatchObject({ status: 'RECEIVED', currentNode: { id: centres.tanshan } });

    expect((await dispatch('town', parcel, centres.village)).data!.dispatchParcel.status).toBe('IN_TRANSIT');
    expect((await receive('village', parcel)).data!.receiveParcel).toMatchObject({
      status: 'RECEIVED',
      currentNode: { id: centres.village },
      items: [{ code: item.code, status: 'PACKED' }],
    });

    const delivered = await deliver(parcel);
    expect(delivered.data!.deliverParcel).toMatchObject({
      status: 'DELIVERED',
      currentNode: null,
      items: [{ code: item.code, status: 'DELIVERED' }],
    });

    await t.integrateLedger();
    const out = await as.anonymous<{
      ledger: { entries: { kind: string; quantity: number; memo: string; donor: string | null }[] };
    }>('{ ledger(first: 100) { entries { kind quantity memo donor } } }');
    const goodsOut = out.data!.ledger.entries.filter((e) => e.kind === 'GOODS_OUT');
    expect(goodsOut).toEqual([
      { kind: 'GOODS_OUT', quantity: 10, memo: expect.stringContaining(item.code) as string, donor: null },
    ]);
    expect(goodsOut[0].memo).toContain('坛山社区');

    // The donor's view: centres and times, no staff, no household.
    const track = await as.anonymous<{ trackGoods: Event[] }>(
      `{ trackGoods(code: "${item.code.toLowerCase()}") { at action actor note node { name } toNode { name } } }`,
    );
    expect(track.errors).toBeUndefined();
    expect(track.data!.trackGoods.map((e) => [e.action, e.node?.name, e.toNode?.name ?? null])).toEqual([
      ['REGISTERED', '峄城区众筹管理中心', null],
      ['DISINFECTED', '峄城区众筹管理中心', null],
      ['PACKED', '峄城区众筹管理中心', null],
      ['DISPATCHED', '峄城区众筹管理中心', '坛山街道周转中心'],
      ['RECEIVED', '坛山街道周转中心', null],
      ['DISPATCHED', '坛山街道周转中心', '坛山社区配送中心'],
      ['RECEIVED', '坛山社区配送中心', null],
      ['DELIVERED', '坛山社区配送中心', null],
    ]);
    expect(track.data!.trackGoods.every((e) => e.actor === null && e.note === null)).toBe(true);
    const times = track.data!.trackGoods.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const text = JSON.stringify(track.data);
    for (const secret of ['demo-', '王秀英', '张三丰', '13800138000', DEMO_VILLAGE_CODE + '-']) {
      expect(text).not.toContain(secret);
    }

    // Staff see who did each step.
    const staffView = await as.district<{ item: { status: string; history: Event[] } }>(
      `{ item(code: "${item.code}") { status history { action actor } } }`,
    );
    expect(staffView.data!.item.status).toBe('DELIVERED');
    expect(staffView.data!.item.history.map((e) => e.actor)).toEqual([
      'demo-district',
      'demo-district',
      'demo-district',
      'demo-district',
      'demo-town',
      'demo-town',
      'demo-village',
      'demo-village',
    ]);
  });

  it('refuses packing an item twice, changing nothing', async () => {
    const item = await registerItem(t, tokens.district);
    expect(outcome(await pack('district', [item]))).toBe('OK');
    const res = await refusedUnchanged(() => pack('district', [item]), 'INVALID_TRANSITION');
    expect(res.errors[0].message).toBe(`物资 ${item} 已打包在包裹里：请先拆包`);
  });

  it('refuses a dispatch to a centre that is neither parent nor child, changing nothing', async () => {
    const item = await registerItem(t, tokens.district);
    const parcel = (await pack('district', [item])).data!.packParcel.code;
    const skip = await refusedUnchanged(() => dispatch('district', parcel, centres.village), 'INVALID_TRANSITION');
    expect(skip.errors[0].message).toMatch(
      /坛山社区配送中心不是峄城区众筹管理中心的上级或下级：包裹每次只能发往相邻的一级/,
    );
    expect(outcome(await dispatch('district', parcel, centres.tanshan))).toBe('OK');
    expect(outcome(await receive('town', parcel))).toBe('OK');
    await refusedUnchanged(() => dispatch('town', parcel, centres.wulin), 'INVALID_TRANSITION');
    await refusedUnchanged(() => dispatch('town', parcel, centres.tanshan), 'INVALID_TRANSITION');
  });

  it('refuses receiving at any centre but the destination, and unpacking or delivering in transit', async () => {
    const item = await registerItem(t, tokens.district);
    const parcel = (await pack('district', [item])).data!.packParcel.code;
    await refusedUnchanged(() => receive('district', parcel), 'INVALID_TRANSITION');
    expect(outcome(await dispatch('district', parcel, centres.tanshan))).toBe('OK');
    const wrong = await refusedUnchanged(() => receive('district', parcel), 'INVALID_TRANSITION');
    expect(wrong.errors[0].message).toMatch(/正在运往坛山街道周转中心：只有那个中心可以签收$/);
    await refusedUnchanged(
      () => as.district(`mutation { unpackParcel(parcelCode: "${parcel}") { status } }`),
      'INVALID_TRANSITION',
    );
    await refusedUnchanged(() => dispatch('district', parcel, centres.tanshan), 'INVALID_TRANSITION');
    expect(outcome(await receive('town', parcel))).toBe('OK');
    await refusedUnchanged(() => receive('town', parcel), 'INVALID_TRANSITION');
  });

  it('refuses delivering a parcel that was never received at the village', async () => {
    const item = await registerItem(t, tokens.district);
    expect(outcome(await disinfect('district', [item]))).toBe('OK');
    const parcel = (await pack('district', [item])).data!.packParcel.code;
    await dispatch('district', parcel, centres.tanshan);
    await receive('town', parcel);
    await dispatch('town', parcel, centres.village);
    const res = await refusedUnchanged(() => deliver(parcel), 'INVALID_TRANSITION');
    expect(res.errors[0].message).toMatch(/正在运往坛山社区配送中心：须先在那里签收$/);
  });

  it('refuses delivering goods that were never disinfected, changing nothing', async () => {
    const { item, parcel } = await parcelAtVillage(false);
    const res = await refusedUnchanged(() => deliver(parcel), 'INVALID_TRANSITION');
    expect(res.errors[0].message).toContain(`里有尚未消毒的物资（${item}）：物资须消毒后才能发放到户`);
  });

  it('refuses delivering twice, changing nothing', async () => {
    const { parcel } = await parcelAtVillage(true);
    expect(outcome(await deliver(parcel))).toBe('OK');
    const again = await refusedUnchanged(() => deliver(parcel), 'INVALID_TRANSITION');
    expect(again.errors[0].message).toMatch(/已发放到户，流转已经结束$/);
  });

  it('rejects unusable goods at registration; a REJECTED item never moves', async () => {
    const res = await as.district<{ registerItem: { code: string; status: string; rejectionReason: string } }>(
      'mutation { registerItem(input: { category: "衣物", description: "旧棉袄", quantity: 2, condition: "UNUSABLE", rejectionReason: "霉变" }) { code status rejectionReason } }',
    );
    const item = res.data!.registerItem;
    expect(item).toMatchObject({ status: 'REJECTED', rejectionReason: '霉变' });
    const refused = await refusedUnchanged(() => pack('district', [item.code]), 'INVALID_TRANSITION');
    expect(refused.errors[0].message).toMatch(/^物资 IT-\w+ 已拒收（霉变）：拒收的物资不能再流转$/);
    await refusedUnchanged(() => disinfect('district', [item.code]), 'INVALID_TRANSITION');
    await t.integrateLedger();
    const books = await as.anonymous<{ ledger: { entries: { kind: string; quantity: number; memo: string }[] } }>(
      '{ ledger(first: 200) { entries { kind quantity memo } } }',
    );
    const ofItem = books.data!.ledger.entries.filter((e) => e.memo.includes(item.code));
    expect(ofItem.map((e) => [e.kind, e.quantity])).toEqual([
      ['GOODS_IN', 2],
      ['GOODS_WRITE_OFF', 2],
    ]);
  });

  it('disinfects several items all or none, and again later', async () => {
    const ok = await registerItem(t, tokens.district);
    const packed = await registerItem(t, tokens.district);
    await pack('district', [packed]);
    await refusedUnchanged(() => disinfect('district', [ok, packed]), 'INVALID_TRANSITION');
    const first = await disinfect('district', [ok]);
    const second = await disinfect('district', [ok]);
    expect(second.data!.recordDisinfection[0].status).toBe('DISINFECTED');
    expect(first.errors).toBeUndefined();
  });

  it('refuses a mistyped code with a clear error, and bad input, changing nothing', async () => {
    const item = await registerItem(t, tokens.district);
    const typo = item.slice(0, -1) + (item.endsWith('0') ? '1' : '0');
    const res = await refusedUnchanged(() => pack('district', [typo]), 'BAD_USER_INPUT');
    expect(res.errors[0].message).toMatch(/^input\.itemCodes\[0\]: “.*” 的校验位不对：有字符输错了，请重新扫码或输入$/);
    await refusedUnchanged(() => pack('district', [item, item]), 'BAD_USER_INPUT');
    await refusedUnchanged(
      () =>
        as.district('mutation { registerItem(input: { category: "粮油", description: "米", quantity: 0 }) { code } }'),
      'BAD_USER_INPUT',
    );
    await refusedUnchanged(
      () =>
        as.district(
          'mutation { registerItem(input: { category: "粮油", description: "米", quantity: 1, condition: "UNUSABLE" }) { code } }',
        ),
      'BAD_USER_INPUT',
    );
    await refusedUnchanged(
      () =>
        as.district(`mutation { recordDisinfection(input: { itemCodes: ["${item}"], method: "prayer" }) { code } }`),
      'BAD_USER_INPUT',
    );
  });

  it('unpacks a received parcel into the stock of its destination, disinfection kept', async () => {
    const a = await registerItem(t, tokens.district, {
      category: '文具',
      description: '书包',
      quantity: 5,
      unit: '个',
    });
    const b = await registerItem(t, tokens.district, {
      category: '文具',
      description: '铅笔',
      quantity: 50,
      unit: '支',
    });
    await disinfect('district', [a]);
    const parcel = (await pack('district', [a, b])).data!.packParcel.code;
    await dispatch('district', parcel, centres.tanshan);
    await receive('town', parcel);
    const unpacked = await as.town<{ unpackParcel: { status: string; items: { code: string; status: string }[] } }>(
      `mutation { unpackParcel(parcelCode: "${parcel}") { status items { code status } } }`,
    );
    expect(unpacked.data!.unpackParcel.status).toBe('UNPACKED');
    expect(Object.fromEntries(unpacked.data!.unpackParcel.items.map((i) => [i.code, i.status]))).toEqual({
      [a]: 'DISINFECTED',
      [b]: 'REGISTERED',
    });
    const stock = await as.town<{ stock: { category: string; unit: string; inStock: number; disinfected: number }[] }>(
      `{ stock(nodeId: "${centres.tanshan}") { category unit inStock disinfected packed inTransit items } }`,
    );
    expect(stock.data!.stock).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: '文具', unit: '个', inStock: 5, disinfected: 5 }),
        expect.objectContaining({ category: '文具', unit: '支', inStock: 50, disinfected: 0 }),
      ]),
    );
    await refusedUnchanged(
      () => as.town(`mutation { unpackParcel(parcelCode: "${parcel}") { status } }`),
      'INVALID_TRANSITION',
    );
  });

  it('hands loose disinfected items of the village centre to a household, with a confirmation code', async () => {
    const item = await registerItem(t, tokens.village, {
      category: '粮油',
      description: '花生油 5L',
      quantity: 2,
      unit: '桶',
    });
    const households = await as.village<{ households: { id: string; identityNumber: string }[] }>(
      `{ households(regionCode: "${DEMO_VILLAGE_CODE}") { id identityNumber } }`,
    );
    const household = households.data!.households[1];
    const give = (code: string) =>
      as.village<{ deliverItems: { status: string }[] }>(
        `mutation($input: DeliverItemsInput!) { deliverItems(input: $input) { code status } }`,
        { input: { itemCodes: [item], householdId: household.id, receivedBy: '户主', confirmationCode: code } },
      );
    await refusedUnchanged(() => give(household.identityNumber.slice(-6)), 'INVALID_TRANSITION');
    await disinfect('village', [item]);
    const wrongCode = await refusedUnchanged(() => give('000000'), 'BAD_USER_INPUT');
    expect(wrongCode.errors[0].message).toBe('input.confirmationCode: 确认码与户主身份证号后六位不符');
    const res = await give(household.identityNumber.slice(-6).toLowerCase());
    expect(res.data!.deliverItems).toEqual([{ code: item, status: 'DELIVERED' }]);
  });

  it('takes a delivery with only the receiver’s name, as API.md’s input has it, and lists it as NAME_ONLY', async () => {
    const { item, parcel } = await parcelAtVillage(true);
    const res = await deliver(parcel, {});
    expect(res.data!.deliverParcel).toMatchObject({
      status: 'DELIVERED',
      items: [{ code: item, status: 'DELIVERED' }],
    });
    const list = await as.village<{
      deliveries: { proof: string; hasSignature: boolean; parcel: { code: string } | null }[];
    }>(`{ deliveries(regionCode: "${DEMO_VILLAGE_CODE}") { proof hasSignature parcel { code } } }`);
    expect(list.data!.deliveries.find((d) => d.parcel?.code === parcel)).toEqual({
      proof: 'NAME_ONLY',
      hasSignature: false,
      parcel: { code: parcel },
    });
  });

  it('lets exactly one of two concurrent receipts of a parcel succeed', async () => {
    const item = await registerItem(t, tokens.district);
    const parcel = (await pack('district', [item])).data!.packParcel.code;
    await dispatch('district', parcel, centres.tanshan);
    const results = await Promise.all([receive('town', parcel), receive('town', parcel)]);
    expect(results.map(outcome).sort()).toEqual(['INVALID_TRANSITION', 'OK']);
    const history = await as.town<{ parcel: { history: { action: string }[] } }>(
      `{ parcel(code: "${parcel}") { history { action } } }`,
    );
    expect(history.data!.parcel.history.map((e) => e.action)).toEqual(['PACKED', 'DISPATCHED', 'RECEIVED']);
  });

  it('lets exactly one of two concurrent packs of the same item succeed: it is in one parcel only', async () => {
    const items = [await registerItem(t, tokens.district), await registerItem(t, tokens.district)];
    const results = await Promise.all([pack('district', items), pack('district', [...items].reverse())]);
    expect(results.map(outcome).sort()).toEqual(['INVALID_TRANSITION', 'OK']);
    const parcels = await Promise.all(
      items.map((code) =>
        as.district<{ item: { parcel: { code: string } } }>(`{ item(code: "${code}") { parcel { code } } }`),
      ),
    );
    const winner = results.find((r) => outcome(r) === 'OK')!.data!.packParcel.code;
    expect(parcels.map((p) => p.data!.item.parcel.code)).toEqual([winner, winner]);
  });

  it('lets exactly one of two concurrent deliveries of a parcel succeed, with one GOODS_OUT', async () => {
    const { item, parcel } = await parcelAtVillage(true);
    const results = await Promise.all([deliver(parcel), deliver(parcel)]);
    expect(results.map(outcome).sort()).toEqual(['INVALID_TRANSITION', 'OK']);
    await t.integrateLedger();
    const ledger = await as.anonymous<{ ledger: { entries: { kind: string; memo: string }[] } }>(
      '{ ledger(first: 500) { entries { kind memo } } }',
    );
    expect(ledger.data!.ledger.entries.filter((e) => e.kind === 'GOODS_OUT' && e.memo.includes(item))).toHaveLength(1);
  });

  it('keeps what an auditor asks for: stock-takes with reasons, who received what and how, custody append-only', async () => {
    const item = await registerItem(t, tokens.district, {
      category: '粮油',
      description: '挂面',
      quantity: 10,
      unit: '把',
    });
    const count = (counted: number, reason: string) =>
      as.district<{ adjustStock: { quantity: number; status: string } }>(
        `mutation { adjustStock(input: { itemCode: "${item}", countedQuantity: ${counted}, reason: "${reason}" }) { quantity status } }`,
      );
    await refusedUnchanged(() => count(11, '多出'), 'BAD_USER_INPUT');
    expect((await count(7, '受潮三把')).data!.adjustStock).toEqual({ quantity: 7, status: 'REGISTERED' });
    expect((await count(0, '全部霉变')).data!.adjustStock).toEqual({ quantity: 0, status: 'REJECTED' });
    await refusedUnchanged(() => count(0, '再盘'), 'INVALID_TRANSITION');
    const takes = await as.district<{
      stockAdjustments: { itemCode: string; fromQuantity: number; toQuantity: number; reason: string; actor: string }[];
    }>(`{ stockAdjustments(nodeId: "${centres.district}") { itemCode fromQuantity toQuantity reason actor } }`);
    expect(takes.data!.stockAdjustments.filter((a) => a.itemCode === item)).toEqual([
      { itemCode: item, fromQuantity: 7, toQuantity: 0, reason: '全部霉变', actor: 'demo-district' },
      { itemCode: item, fromQuantity: 10, toQuantity: 7, reason: '受潮三把', actor: 'demo-district' },
    ]);
    // The public ledger accounts for every unit: what was registered, and what was written off.
    await t.integrateLedger();
    const books = await as.anonymous<{ ledger: { entries: { kind: string; quantity: number; memo: string }[] } }>(
      '{ ledger(first: 200) { entries { kind quantity memo } } }',
    );
    const ofItem = books.data!.ledger.entries.filter((e) => e.memo.includes(item));
    expect(ofItem.map((e) => [e.kind, e.quantity])).toEqual([
      ['GOODS_IN', 10],
      ['GOODS_WRITE_OFF', 3],
      ['GOODS_WRITE_OFF', 7],
    ]);
    for (const e of ofItem) expect(e.memo).not.toMatch(/受潮|霉变|demo-/);
    expect(outcome(await as.town2(`{ stockAdjustments(nodeId: "${centres.district}") { itemCode } }`))).toBe(
      'FORBIDDEN',
    );

    interface Delivery {
      id: string;
      receivedBy: string;
      proof: string;
      hasSignature: boolean;
      household: { headName: string };
      items: { code: string }[];
    }
    const DELIVERY =
      'id receivedBy proof hasSignature household { headName } items { code } node { name } parcel { code }';
    const village = await as.village<{ deliveries: Delivery[] }>(
      `{ deliveries(regionCode: "${DEMO_VILLAGE_CODE}") { ${DELIVERY} } }`,
    );
    const signed = village.data!.deliveries.find((d) => d.receivedBy === '王秀英' && d.hasSignature)!;
    expect(signed).toMatchObject({ proof: 'SIGNATURE' });
    const district = await as.district<{ deliveries: Delivery[] }>(
      `{ deliveries(regionCode: "370404") { ${DELIVERY} } }`,
    );
    const seen = district.data!.deliveries.find((d) => d.id === signed.id)!;
    expect(seen.receivedBy).toBe('王**');
    expect(seen.household.headName).toMatch(/^.\*+$/);
    expect(seen.items).toEqual(signed.items);

    const png = (token: string) =>
      t.app.inject({
        method: 'GET',
        url: `/deliveries/${signed.id}/signature.png`,
        headers: { authorization: `Bearer ${token}` },
      });
    const mine = await png(tokens.village);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('image/png');
    expect(mine.rawPayload.toString('base64')).toBe(signaturePng().replace('data:image/png;base64,', ''));
    expect((await png(tokens.town)).statusCode).toBe(200);
    expect((await png(tokens.district)).statusCode).toBe(404);
    expect((await png(tokens.town2)).statusCode).toBe(404);

    // The chain of custody cannot be rewritten, not even by SQL that bypasses the services.
    const ds = t.app.get(DataSource);
    await expect(ds.query(`UPDATE custody_event SET note = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM delivery`)).rejects.toThrow(/append-only/);
  });

  it('keeps the books: the conservation rule holds and the ledger agrees', async () => {
    const balance = await as.district<{
      goodsBalance: {
        holds: boolean;
        misplaced: unknown[];
        registeredUnits: number;
        ledgerGoodsInUnits: number;
        deliveredUnits: number;
        ledgerGoodsOutUnits: number;
        lines: { category: string; unit: string; registered: number; delivered: number; holds: boolean }[];
      };
    }>(
      '{ goodsBalance { holds misplaced { code problem } registeredUnits ledgerGoodsInUnits deliveredUnits ledgerGoodsOutUnits lines { category unit registered inStock packed inTransit delivered rejected writtenOff holds } } }',
    );
    const b = balance.data!.goodsBalance;
    expect(b.misplaced).toEqual([]);
    expect(b.holds).toBe(true);
    expect(b.registeredUnits).toBe(b.ledgerGoodsInUnits);
    expect(b.deliveredUnits).toBe(b.ledgerGoodsOutUnits);
    expect(b.deliveredUnits).toBeGreaterThan(0);
    // The noodles written off at the stock-take count as rejected.
    expect(b.lines.find((l) => l.category === '粮油' && l.unit === '把')).toEqual({
      category: '粮油',
      unit: '把',
      registered: 10,
      inStock: 0,
      packed: 0,
      inTransit: 0,
      delivered: 0,
      rejected: 10,
      writtenOff: 10,
      holds: true,
    });
    expect(outcome(await as.town('{ goodsBalance { holds } }'))).toBe('FORBIDDEN');
  });
});
