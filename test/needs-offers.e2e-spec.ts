import {
  caller,
  createTestApp,
  DEMO_VILLAGE_CODE,
  demoCentres,
  DemoCentres,
  demoStaffTokens,
  donorLogin,
  goodsSnapshot,
  outcome,
  registerItem,
  signaturePng,
  TestApp,
} from '@shanchou/test';

interface Need {
  id: string;
  status: string;
  category: string;
  household: { id: string; headName: string; privileged: boolean } | null;
  region: { code: string };
  parcel: { code: string } | null;
}
const NEED = 'id status category quantity unit household { id headName privileged } region { code } parcel { code }';

describe('needs (帮扶需求) and offers (捐赠意向)', () => {
  let t: TestApp;
  let tokens: Awaited<ReturnType<typeof demoStaffTokens>>;
  let centres: DemoCentres;
  let households: { id: string; headName: string }[];

  const postNeed = (input: Record<string, unknown>) =>
    caller(t, tokens.village)<{ postNeed: Need }>(
      `mutation($input: PostNeedInput!) { postNeed(input: $input) { ${NEED} } }`,
      { input },
    );

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
    tokens = await demoStaffTokens(t);
    centres = await demoCentres(t);
    const listed = await caller(
      t,
      tokens.village,
    )<{ households: { id: string; headName: string }[] }>(
      `{ households(regionCode: "${DEMO_VILLAGE_CODE}") { id headName } }`,
    );
    households = listed.data!.households;
  });
  afterAll(() => t.close());

  describe('a village asks, the district answers from stock, the household receives', () => {
    let need: Need;

    it('lets the village post a need for one of its households', async () => {
      const res = await postNeed({
        householdId: households[0].id,
        category: '被褥',
        quantity: 2,
        unit: '床',
        note: '老人过冬',
      });
      need = res.data!.postNeed;
      expect(need).toMatchObject({
        status: 'OPEN',
        category: '被褥',
        region: { code: DEMO_VILLAGE_CODE },
        household: { id: households[0].id, headName: households[0].headName, privileged: true },
        parcel: null,
      });
      const otherVillage = await caller(t, tokens.town)('{ households(regionCode: "370404001002") { id } }');
      const foreign = (otherVillage.data as { households: { id: string }[] }).households[0].id;
      expect(outcome(await postNeed({ householdId: foreign, category: '被褥', quantity: 1 }))).toBe('NOT_FOUND');
    });

    it('shows the need to the town and the district above, the district with the name masked; not to another town', async () => {
      const town = await caller(t, tokens.town)<{ needs: Need[] }>(`{ needs(regionCode: "370404001") { ${NEED} } }`);
      expect(town.data!.needs.find((n) => n.id === need.id)!.household!.headName).toBe(households[0].headName);
      const district = await caller(
        t,
        tokens.district,
      )<{ needs: Need[] }>(`{ needs(regionCode: "370404") { ${NEED} } }`);
      const seen = district.data!.needs.find((n) => n.id === need.id)!;
      expect(seen.household).toMatchObject({ privileged: false, headName: expect.stringMatching(/^.\*+$/) as string });
      expect(outcome(await caller(t, tokens.town2)('{ needs(regionCode: "370404001") { id } }'))).toBe('FORBIDDEN');
    });

    it('is answered by the district from its stock: the items packed for the need', async () => {
      const quilts = await registerItem(t, tokens.district, {
        category: '被褥',
        description: '棉被',
        quantity: 2,
        unit: '床',
      });
      const rice = await registerItem(t, tokens.district);
      const answer = (codes: string[], token = tokens.district) =>
        caller(t, token)<{ answerNeed: { code: string; needId: string } }>(
          'mutation($n: ID!, $c: [String!]!) { answerNeed(input: { needId: $n, itemCodes: $c }) { code needId } }',
          { n: need.id, c: codes },
        );
      const before = await goodsSnapshot(t);
      expect(outcome(await answer([rice]))).toBe('BAD_USER_INPUT');
      expect(outcome(await answer([quilts], tokens.village))).toBe('FORBIDDEN');
      expect(await goodsSnapshot(t)).toEqual(before);
      await caller(
        t,
        tokens.district,
      )(`mutation { recordDisinfection(input: { itemCodes: ["${quilts}"], method: "STEAM" }) { code } }`);
      const answered = await answer([quilts]);
      expect(answered.data!.answerNeed.needId).toBe(need.id);
      const parcel = answered.data!.answerNeed.code;
      expect(outcome(await answer([rice]))).toBe('INVALID_TRANSITION');

      const step = (token: string, mutation: string) => caller(t, token)(`mutation { ${mutation} { status } }`);
      expect(
        outcome(await step(tokens.district, `dispatchParcel(parcelCode: "${parcel}", toNodeId: "${centres.tanshan}")`)),
      ).toBe('OK');
      expect(outcome(await step(tokens.town, `receiveParcel(parcelCode: "${parcel}")`))).toBe('OK');
      expect(
        outcome(await step(tokens.town, `dispatchParcel(parcelCode: "${parcel}", toNodeId: "${centres.village}")`)),
      ).toBe('OK');
      expect(outcome(await step(tokens.village, `receiveParcel(parcelCode: "${parcel}")`))).toBe('OK');
      const answeredNeeds = await caller(
        t,
        tokens.village,
      )<{ needs: Need[] }>(`{ needs(regionCode: "${DEMO_VILLAGE_CODE}", status: [ANSWERED]) { ${NEED} } }`);
      expect(answeredNeeds.data!.needs.map((n) => [n.id, n.parcel?.code])).toEqual([[need.id, parcel]]);

      const deliver = (householdId: string) =>
        caller(t, tokens.village)('mutation($input: DeliverParcelInput!) { deliverParcel(input: $input) { status } }', {
          input: { parcelCode: parcel, householdId, receivedBy: '家属', signaturePng: signaturePng() },
        });
      const unchanged = await goodsSnapshot(t);
      const wrong = await deliver(households[1].id);
      expect(outcome(wrong)).toBe('BAD_USER_INPUT');
      expect(await goodsSnapshot(t)).toEqual(unchanged);
      expect(outcome(await deliver(households[0].id))).toBe('OK');
      const done = await caller(
        t,
        tokens.village,
      )<{ needs: Need[] }>(`{ needs(regionCode: "${DEMO_VILLAGE_CODE}", status: [FULFILLED]) { id } }`);
      expect(done.data!.needs.map((n) => n.id)).toEqual([need.id]);
    });

    it('lets the village withdraw an open need, once', async () => {
      const other = (await postNeed({ category: '文具', quantity: 20, unit: '套' })).data!.postNeed;
      expect(other.household).toBeNull();
      const cancel = () => caller(t, tokens.village)(`mutation { cancelNeed(needId: "${other.id}") { status } }`);
      expect((await cancel()).data).toEqual({ cancelNeed: { status: 'CANCELLED' } });
      expect(outcome(await cancel())).toBe('INVALID_TRANSITION');
    });
  });

  describe('a donor offers goods, brings them, and follows them', () => {
    const OFFER = 'code status category quantity unit itemCodes dropOffNode { id name }';

    it('matches an offer to the item registered at the drop-off centre, and the donor follows it', async () => {
      const donor = await donorLogin(t, 'oOffer-donor-01');
      const offered = await caller(t, donor.token)<{
        offerGoods: { code: string; status: string; itemCodes: string[] };
      }>(
        `mutation($to: ID!) { offerGoods(input: { category: "衣物", description: "儿童羽绒服", quantity: 3, unit: "件", dropOffNodeId: $to, donorName: "陈小明" }) { ${OFFER} } }`,
        { to: centres.tanshan },
      );
      const offer = offered.data!.offerGoods;
      expect(offer).toMatchObject({ status: 'OPEN', itemCodes: [] });
      expect(offer.code).toMatch(/^OF-[0-9A-HJKMNP-TV-Z]{10}$/);

      const scanned = await caller(
        t,
        tokens.town,
      )<{ scan: { kind: string; actions: string[]; node: { id: string } } }>(
        `{ scan(code: "${offer.code}") { kind actions node { id } } }`,
      );
      expect(scanned.data!.scan).toEqual({ kind: 'OFFER', actions: ['REGISTER_ITEM'], node: { id: centres.tanshan } });

      const item = await registerItem(t, tokens.town, {
        category: '衣物',
        description: '儿童羽绒服',
        quantity: 3,
        unit: '件',
        offerCode: offer.code,
      });
      const rescanned = await caller(
        t,
        tokens.town,
      )<{ scan: { offer: { status: string; itemCodes: string[] } } }>(
        `{ scan(code: "${offer.code}") { offer { status itemCodes } } }`,
      );
      expect(rescanned.data!.scan.offer).toEqual({ status: 'MATCHED', itemCodes: [item] });
      const mine = await caller(
        t,
        donor.token,
      )<{ myGoodsOffers: { code: string; status: string; itemCodes: string[] }[] }>(`{ myGoodsOffers { ${OFFER} } }`);
      expect(mine.data!.myGoodsOffers).toEqual([
        expect.objectContaining({ code: offer.code, status: 'MATCHED', itemCodes: [item] }),
      ]);
      const track = await caller(
        t,
        donor.token,
      )<{ trackGoods: { action: string; node: { name: string } }[] }>(
        `{ trackGoods(code: "${item}") { action node { name } } }`,
      );
      expect(track.data!.trackGoods).toEqual([{ action: 'REGISTERED', node: { name: '坛山街道周转中心' } }]);
      const ledger = await caller(t)<{ ledger: { entries: { kind: string; donor: string; memo: string }[] } }>(
        '{ ledger(first: 200) { entries { kind donor memo } } }',
      );
      expect(ledger.data!.ledger.entries.find((e) => e.memo.includes(item))).toMatchObject({
        kind: 'GOODS_IN',
        donor: '陈**',
      });
      // A matched offer cannot be withdrawn any more.
      expect(
        outcome(await caller(t, donor.token)(`mutation { withdrawGoodsOffer(code: "${offer.code}") { status } }`)),
      ).toBe('INVALID_TRANSITION');
    });

    it('keeps offers to their donor; a withdrawn offer takes no goods', async () => {
      const donor = await donorLogin(t, 'oOffer-donor-02');
      const stranger = await donorLogin(t, 'oOffer-donor-03');
      const offered = await caller(t, donor.token)<{ offerGoods: { code: string } }>(
        `mutation($to: ID!) { offerGoods(input: { category: "粮油", description: "大米", quantity: 1, dropOffNodeId: $to, anonymous: true }) { code } }`,
        { to: centres.wulin },
      );
      const code = offered.data!.offerGoods.code;
      const withdraw = (token: string) =>
        caller(t, token)(`mutation { withdrawGoodsOffer(code: "${code}") { status } }`);
      expect(outcome(await withdraw(stranger.token))).toBe('NOT_FOUND');
      expect(
        (await caller(t, stranger.token)<{ myGoodsOffers: unknown[] }>('{ myGoodsOffers { code } }')).data!
          .myGoodsOffers,
      ).toEqual([]);
      expect((await withdraw(donor.token)).data).toEqual({ withdrawGoodsOffer: { status: 'CANCELLED' } });
      const before = await goodsSnapshot(t);
      const refused = await caller(
        t,
        tokens.town2,
      )(
        `mutation { registerItem(input: { category: "粮油", description: "大米", quantity: 1, offerCode: "${code}" }) { code } }`,
      );
      expect(outcome(refused)).toBe('INVALID_TRANSITION');
      expect(await goodsSnapshot(t)).toEqual(before);
      expect(
        outcome(
          await caller(t, tokens.town)(
            `mutation($to: ID!) { offerGoods(input: { category: "粮油", description: "米", quantity: 1, dropOffNodeId: $to }) { code } }`,
            { to: centres.tanshan },
          ),
        ),
      ).toBe('FORBIDDEN');
    });

    it('lists the offers at the centres of the caller’s region for staff, open ones by default, in scope only', async () => {
      const donor = await donorLogin(t, 'oOffer-donor-04');
      const open = await caller(t, donor.token)<{ offerGoods: { code: string } }>(
        `mutation($to: ID!) { offerGoods(input: { category: "文具", description: "书包", quantity: 5, dropOffNodeId: $to }) { code } }`,
        { to: centres.village },
      );
      const villageOffer = open.data!.offerGoods.code;
      type Listed = { goodsOffers: { code: string; status: string; dropOffNode: { id: string } }[] };
      const list = (token: string, regionCode: string, status?: string) =>
        caller(t, token)<Listed>(
          `query($r: String!, $s: [OfferStatus!]) { goodsOffers(regionCode: $r, status: $s) { code status dropOffNode { id } } }`,
          { r: regionCode, s: status ? [status] : undefined },
        );
      const codes = (res: { data?: Listed | null }) => res.data!.goodsOffers.map((o) => o.code);

      // The district sees every open offer of the district, newest first; the village its own centre's.
      const district = await list(tokens.district, '370404');
      expect(district.errors).toBeUndefined();
      expect(codes(district)[0]).toBe(villageOffer);
      expect(district.data!.goodsOffers.every((o) => o.status === 'OPEN')).toBe(true);
      const village = await list(tokens.village, DEMO_VILLAGE_CODE);
      expect(codes(village)).toEqual([villageOffer]);
      // 坛山's town sees the village's offer (below it) and the matched one only when asked for it.
      expect(codes(await list(tokens.town, '370404001'))).toContain(villageOffer);
      const matched = await list(tokens.town, '370404001', 'MATCHED');
      expect(matched.data!.goodsOffers.map((o) => o.status)).toEqual(['MATCHED']);
      expect(matched.data!.goodsOffers[0].dropOffNode.id).toBe(centres.tanshan);
      // 吴林's town sees none of 坛山's, and cannot ask for 坛山.
      expect(codes(await list(tokens.town2, '370404002', 'CANCELLED'))).toHaveLength(1);
      expect(codes(await list(tokens.town2, '370404002'))).not.toContain(villageOffer);
      const outside = await list(tokens.town2, '370404001');
      expect(outcome(outside)).toBe('FORBIDDEN');
      expect(outside.errors![0].message).toContain('不在你的管辖范围内');
      // Donors do not read the centres' lists.
      expect(outcome(await list(donor.token, '370404'))).toBe('FORBIDDEN');
    });
  });
});
