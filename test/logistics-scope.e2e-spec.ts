import { Role, StaffService } from '@shanchou/identity';
import { CodeKind, newGoodsCode } from '@shanchou/logistics';
import {
  bearer,
  caller,
  createTestApp,
  DEMO_VILLAGE_CODE,
  demoCentres,
  DemoCentres,
  demoStaffTokens,
  goodsSnapshot,
  HOUSEHOLD_FIELDS,
  HouseholdView,
  loginAs,
  outcome,
  registerItem,
  TestApp,
} from '@shanchou/test';
import { DataSource } from 'typeorm';

type Household = HouseholdView;
const HOUSEHOLD = HOUSEHOLD_FIELDS;

describe('goods logistics: region scope and household privacy', () => {
  let t: TestApp;
  let tokens: Awaited<ReturnType<typeof demoStaffTokens>>;
  let auditor: string;
  let centres: DemoCentres;
  /** 坛山街道's goods: an item in its stock, a parcel on its way to it, the item in that parcel. */
  let tanshanItem: string;
  let inbound: string;
  let inboundItem: string;
  /** 吴林街道's own item. */
  let wulinItem: string;
  let tanshanHousehold: Household;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    await t.app.get(StaffService).provision([
      {
        username: 'auditor-g',
        displayName: '审计',
        role: Role.AUDITOR,
        regionCode: '370404',
        password: 'audit-2026',
      },
    ]);
    tokens = await demoStaffTokens(t);
    auditor = await loginAs(t, 'auditor-g', 'audit-2026');
    centres = await demoCentres(t);
    tanshanItem = await registerItem(t, tokens.town, { donorName: '李四', donorPhone: '13900139000' });
    inboundItem = await registerItem(t, tokens.district);
    const packed = await caller(
      t,
      tokens.district,
    )<{ packParcel: { code: string } }>(`mutation { packParcel(input: { itemCodes: ["${inboundItem}"] }) { code } }`);
    inbound = packed.data!.packParcel.code;
    await caller(
      t,
      tokens.district,
    )(`mutation { dispatchParcel(parcelCode: "${inbound}", toNodeId: "${centres.tanshan}") { code } }`);
    wulinItem = await registerItem(t, tokens.town2);
    const listed = await caller(
      t,
      tokens.village,
    )<{ households: Household[] }>(`{ households(regionCode: "${DEMO_VILLAGE_CODE}") { ${HOUSEHOLD} } }`);
    tanshanHousehold = listed.data!.households[0];
  });
  afterAll(() => t.close());

  describe('吴林街道 cannot see or act on 坛山街道’s goods', () => {
    const unknownItem = newGoodsCode(CodeKind.ITEM);
    const unknownParcel = newGoodsCode(CodeKind.PARCEL);

    it.each([
      ['item', (c: string) => `{ item(code: "${c}") { code } }`, () => tanshanItem, unknownItem],
      [
        'item in a parcel bound for 坛山',
        (c: string) => `{ item(code: "${c}") { code } }`,
        () => inboundItem,
        unknownItem,
      ],
      ['parcel bound for 坛山', (c: string) => `{ parcel(code: "${c}") { code } }`, () => inbound, unknownParcel],
      ['scan of an item', (c: string) => `{ scan(code: "${c}") { kind } }`, () => tanshanItem, unknownItem],
      ['scan of a parcel', (c: string) => `{ scan(code: "${c}") { kind } }`, () => inbound, unknownParcel],
    ])(
      'reading the %s answers NOT_FOUND, exactly as for a code that exists nowhere',
      async (_what, query, code, unknown) => {
        const res = await caller(t, tokens.town2)(query(code()));
        expect(outcome(res)).toBe('NOT_FOUND');
        // Nothing of the record comes back: the field is null (or, non-null, the whole data).
        expect(Object.values(res.data ?? { field: null })).toEqual([null]);
        const nowhere = await caller(t, tokens.town2)(query(unknown));
        expect(outcome(nowhere)).toBe('NOT_FOUND');
        expect(res.errors![0].message.replace(code(), 'X')).toBe(nowhere.errors![0].message.replace(unknown, 'X'));
      },
    );

    it.each([
      ['packing its item', () => `mutation { packParcel(input: { itemCodes: ["${tanshanItem}"] }) { code } }`],
      [
        'disinfecting its item',
        () => `mutation { recordDisinfection(input: { itemCodes: ["${tanshanItem}"], method: "UV" }) { code } }`,
      ],
      [
        'a stock-take of its item',
        () =>
          `mutation { adjustStock(input: { itemCode: "${tanshanItem}", countedQuantity: 1, reason: "丢失" }) { code } }`,
      ],
      ['receiving its parcel', () => `mutation { receiveParcel(parcelCode: "${inbound}") { code } }`],
      ['unpacking its parcel', () => `mutation { unpackParcel(parcelCode: "${inbound}") { code } }`],
      [
        'dispatching its parcel',
        () => `mutation { dispatchParcel(parcelCode: "${inbound}", toNodeId: "${centres.wulin}") { code } }`,
      ],
    ])('%s answers NOT_FOUND and changes nothing', async (_what, mutation) => {
      const before = await goodsSnapshot(t);
      expect(outcome(await caller(t, tokens.town2)(mutation()))).toBe('NOT_FOUND');
      expect(await goodsSnapshot(t)).toEqual(before);
    });

    it('cannot read 坛山街道’s stock, goods list or households: FORBIDDEN (the centre and region are public)', async () => {
      for (const query of [
        `{ stock(nodeId: "${centres.tanshan}") { category } }`,
        `{ items(nodeId: "${centres.tanshan}") { code } }`,
        `{ itemPage(nodeId: "${centres.tanshan}") { items { code } } }`,
        '{ households(regionCode: "370404001") { id } }',
        `{ households(regionCode: "${DEMO_VILLAGE_CODE}") { id } }`,
        '{ needs(regionCode: "370404001") { id } }',
      ]) {
        const res = await caller(t, tokens.town2)(query);
        expect([query, outcome(res)]).toEqual([query, 'FORBIDDEN']);
      }
    });

    it('cannot read a household of 坛山街道 by id: NOT_FOUND', async () => {
      const res = await caller(t, tokens.town2)(`{ household(householdId: "${tanshanHousehold.id}") { code } }`);
      expect(outcome(res)).toBe('NOT_FOUND');
    });

    it('cannot print 坛山街道’s labels: 404', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/labels/items/${tanshanItem}.svg`,
        headers: bearer(tokens.town2),
      });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('lists only its own goods; 坛山街道 cannot see them either', async () => {
      const mine = await caller(t, tokens.town2)<{ items: { code: string }[] }>('{ items { code } }');
      expect(mine.data!.items.map((i) => i.code)).toEqual([wulinItem]);
      expect(outcome(await caller(t, tokens.town)(`{ item(code: "${wulinItem}") { code } }`))).toBe('NOT_FOUND');
      const theirs = await caller(t, tokens.town)<{ items: { code: string }[] }>('{ items { code } }');
      expect(theirs.data!.items.map((i) => i.code)).toEqual([tanshanItem]);
    });

    it('cannot send a parcel sideways to 坛山街道: towns are not neighbours', async () => {
      const packed = await caller(
        t,
        tokens.town2,
      )<{ packParcel: { code: string } }>(`mutation { packParcel(input: { itemCodes: ["${wulinItem}"] }) { code } }`);
      const before = await goodsSnapshot(t);
      const res = await caller(
        t,
        tokens.town2,
      )(
        `mutation { dispatchParcel(parcelCode: "${packed.data!.packParcel.code}", toNodeId: "${centres.tanshan}") { code } }`,
      );
      expect(outcome(res)).toBe('INVALID_TRANSITION');
      expect(await goodsSnapshot(t)).toEqual(before);
    });
  });

  it('shows the district the parcel it sent and 坛山街道 the parcel coming in, with the right steps', async () => {
    const district = await caller(
      t,
      tokens.district,
    )<{ scan: { actions: string[]; toNode: { id: string } } }>(
      `{ scan(code: "${inbound}") { actions toNode { id } } }`,
    );
    expect(district.data!.scan).toEqual({ actions: [], toNode: { id: centres.tanshan } });
    const town = await caller(
      t,
      tokens.town,
    )<{ scan: { actions: string[]; summary: string } }>(`{ scan(code: "${inbound}") { actions summary } }`);
    expect(town.data!.scan.actions).toEqual(['RECEIVE']);
    expect(town.data!.scan.summary).toContain('运往 坛山街道周转中心');
    const item = await caller(
      t,
      tokens.town,
    )<{ scan: { actions: string[] } }>(`{ scan(code: "${tanshanItem}") { actions } }`);
    expect(item.data!.scan.actions).toEqual(['DISINFECT', 'PACK', 'ADJUST_STOCK']);
    const audited = await caller(
      t,
      auditor,
    )<{ scan: { actions: string[] } }>(`{ scan(code: "${tanshanItem}") { actions } }`);
    expect(audited.data!.scan.actions).toEqual([]);
  });

  describe('households (建档立卡贫困户)', () => {
    it('show names and identity numbers to the village’s and its town’s staff', async () => {
      for (const token of [tokens.village, tokens.town]) {
        const res = await caller(
          t,
          token,
        )<{ households: Household[] }>(`{ households(regionCode: "${DEMO_VILLAGE_CODE}") { ${HOUSEHOLD} } }`);
        const [first] = res.data!.households;
        expect(first).toMatchObject({ privileged: true, region: { code: DEMO_VILLAGE_CODE } });
        expect(first.headName).not.toContain('*');
        expect(first.identityNumber).toMatch(/^\d{17}[\dX]$/);
      }
    });

    it('mask names (张*) and withhold identity numbers and members from the district and the auditor', async () => {
      for (const token of [tokens.district, auditor]) {
        const res = await caller(
          t,
          token,
        )<{ households: Household[] }>(`{ households(regionCode: "370404001") { ${HOUSEHOLD} } }`);
        const listed = res.data!.households;
        expect(listed.length).toBeGreaterThanOrEqual(8);
        for (const h of listed) {
          expect(h.headName).toMatch(/^\p{Script=Han}\*+$/u);
          expect(h).toMatchObject({ identityNumber: null, members: [], privileged: false });
        }
        const own = listed.find((h) => h.id === tanshanHousehold.id)!;
        expect(own.headName).toBe(
          `${[...tanshanHousehold.headName][0]}${'*'.repeat([...tanshanHousehold.headName].length - 1)}`,
        );
        expect(JSON.stringify(res.data)).not.toContain(tanshanHousehold.identityNumber!);
      }
    });

    it('keep a village’s operator inside its village', async () => {
      expect(outcome(await caller(t, tokens.village)('{ households(regionCode: "370404001002") { id } }'))).toBe(
        'FORBIDDEN',
      );
      const other = await caller(
        t,
        tokens.town,
      )<{ households: Household[] }>('{ households(regionCode: "370404001002") { id } }');
      const res = await caller(
        t,
        tokens.village,
      )(`{ household(householdId: "${other.data!.households[0].id}") { id } }`);
      expect(outcome(res)).toBe('NOT_FOUND');
    });

    it('are registered by the village with a checked identity number; the audit keeps neither name nor number', async () => {
      const create = (identityNumber: string) =>
        caller(t, tokens.village)<{ createHousehold: Household }>(
          `mutation($id: String) { createHousehold(input: { regionCode: "${DEMO_VILLAGE_CODE}", headName: "赵铁柱", identityNumber: $id, memberCount: 3, members: [{ name: "钱桂花", relation: "配偶" }], needs: "助学" }) { ${HOUSEHOLD} } }`,
          { id: identityNumber },
        );
      expect(outcome(await create('370404196001011271'))).toBe('BAD_USER_INPUT');
      const created = await create('37040419600101127X');
      expect(outcome(created)).toBe('OK');
      expect(created.data!.createHousehold).toMatchObject({
        code: `${DEMO_VILLAGE_CODE}-003`,
        headName: '赵铁柱',
        identityNumber: '37040419600101127X',
        privileged: true,
      });
      const audit = await caller(
        t,
        tokens.district,
      )<{ auditLog: { entries: { action: string; summary: unknown }[] } }>(
        '{ auditLog(filter: { action: "household.create" }) { entries { action summary } } }',
      );
      const text = JSON.stringify(audit.data!.auditLog.entries);
      expect(audit.data!.auditLog.entries).toHaveLength(1);
      expect(text).toContain('赵**');
      expect(text).not.toContain('赵铁柱');
      expect(text).not.toContain('37040419600101127X');
      // The district registers too (test/households-district.e2e-spec.ts); the auditor does not.
      expect(
        outcome(
          await caller(
            t,
            auditor,
          )(
            `mutation { createHousehold(input: { regionCode: "${DEMO_VILLAGE_CODE}", headName: "孙", memberCount: 1 }) { id } }`,
          ),
        ),
      ).toBe('FORBIDDEN');
    });
  });

  describe('a centre’s items, a page at a time (the stock page)', () => {
    type Page = { itemPage: { items: { code: string }[]; nextAfter: string | null } };
    const page = (token: string, after?: string, first = 3) =>
      caller(t, token)<Page>(
        'query($n: ID, $a: String, $f: Int!) { itemPage(nodeId: $n, first: $f, after: $a, status: [REGISTERED]) { items { code } nextAfter } }',
        { n: centres.wulin, a: after, f: first },
      );

    async function everyPage(token: string, first: number): Promise<string[][]> {
      const pages: string[][] = [];
      let after: string | undefined;
      do {
        const res = await page(token, after, first);
        expect(res.errors).toBeUndefined();
        pages.push(res.data!.itemPage.items.map((i) => i.code));
        after = res.data!.itemPage.nextAfter ?? undefined;
      } while (after);
      return pages;
    }

    it('walks every item once, newest first, through ties and microseconds a JavaScript Date would lose', async () => {
      const codes: string[] = [];
      for (let i = 0; i < 7; i++) codes.push(await registerItem(t, tokens.town2, { description: `分页 ${i}` }));
      // Three registered in the same microsecond, two 1 µs apart within one millisecond.
      const ds = t.app.get(DataSource);
      const at = (i: number, stamp: string) =>
        ds.query('UPDATE goods_item SET registered_at = $2::timestamptz WHERE code = $1', [codes[i], stamp]);
      for (const i of [1, 2, 3]) await at(i, '2026-11-01 08:00:00.000500+00');
      await at(4, '2026-11-01 08:00:00.000501+00');
      await at(5, '2026-11-01 08:00:00.000499+00');
      const rows: { code: string }[] = await ds.query(
        'SELECT code FROM goods_item WHERE code = ANY($1) ORDER BY registered_at DESC, code ASC',
        [codes],
      );
      const newestFirst = rows.map((r) => r.code);
      const mine = (pages: string[][]) => pages.flat().filter((c) => codes.includes(c));

      for (const first of [1, 2, 3, 50]) {
        const pages = await everyPage(tokens.town2, first);
        expect(pages.slice(0, -1).every((p) => p.length === first)).toBe(true);
        expect(new Set(pages.flat()).size).toBe(pages.flat().length);
        expect(mine(pages)).toEqual(newestFirst);
      }
      // The district sees 吴林街道's centre too; 坛山街道 does not.
      expect(mine(await everyPage(tokens.district, 4))).toEqual(newestFirst);
      expect(outcome(await page(tokens.town))).toBe('FORBIDDEN');
    });

    it('refuses a cursor it did not give, naming `after`', async () => {
      for (const after of [
        'IT-0000000000',
        'it1:bm90IGpzb24',
        `it1:${Buffer.from('["x","IT-1"]').toString('base64url')}`,
      ]) {
        const res = await page(tokens.town2, after);
        expect(outcome(res)).toBe('BAD_USER_INPUT');
        expect(res.errors![0].extensions!.field).toBe('after');
      }
    });
  });
});
