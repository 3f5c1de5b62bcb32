import { DomainError, ErrorCode } from '@shanchou/core';
import { RegionScope, Role, StaffPrincipal, StaffService } from '@shanchou/identity';
import { HouseholdEntity, HouseholdService, ItemService, ParcelService, StockService } from '@shanchou/logistics';
import { RegionService } from '@shanchou/regions';
import { createTestApp, demoCentres, goodsSnapshot, signaturePng, TestApp } from '@shanchou/test';
import * as fc from 'fast-check';
import { DataSource } from 'typeorm';

/** Who takes part: a centre of each tier, two towns, three villages (two of them under 坛山街道). */
const ACTORS = [
  { username: 'demo-district', regionCode: '370404', role: Role.DISTRICT_ADMIN },
  { username: 'demo-town', regionCode: '370404001', role: Role.TOWN_OPERATOR },
  { username: 'demo-town2', regionCode: '370404002', role: Role.TOWN_OPERATOR },
  { username: 'demo-village', regionCode: '370404001001', role: Role.VILLAGE_OPERATOR },
  { username: 'pv-dongguan', regionCode: '370404001002', role: Role.VILLAGE_OPERATOR },
  { username: 'pv-wulin', regionCode: '370404002001', role: Role.VILLAGE_OPERATOR },
] as const;

type Command = { actor: number; smart?: boolean } & (
  | { op: 'register'; category: string; quantity: number; unusable: boolean }
  | { op: 'disinfect'; items: number[] }
  | { op: 'pack'; items: number[] }
  | { op: 'dispatch'; parcel: number; to: number }
  | { op: 'receive'; parcel: number }
  | { op: 'unpack'; parcel: number }
  | { op: 'deliver'; parcel: number; household: number }
  | { op: 'deliverItems'; items: number[]; household: number }
  | { op: 'adjust'; item: number; counted: number }
);

const actor = fc.integer({ min: 0, max: ACTORS.length - 1 });
/** Most steps are taken by the centre that holds the goods (so journeys go far); the rest by anyone. */
const smart = fc.integer({ min: 0, max: 3 }).map((n) => n !== 0);
/** Indexes from the newest item (0) back: steps mostly concern goods of this run that are still moving. */
const recent = fc.nat({ max: 5 });
const picks = fc.array(recent, { minLength: 1, maxLength: 3 });
const register: fc.Arbitrary<Command> = fc.record({
  op: fc.constant('register' as const),
  actor,
  category: fc.constantFrom('粮油', '衣物', '文具'),
  quantity: fc.integer({ min: 1, max: 20 }),
  unusable: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 3, arbitrary: register },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('disinfect' as const), actor, smart, items: picks }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pack' as const), actor, smart, items: picks }) },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('dispatch' as const), actor, smart, parcel: recent, to: actor }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('receive' as const), actor, smart, parcel: recent }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('unpack' as const), actor, smart, parcel: recent }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('deliver' as const), actor, smart, parcel: recent, household: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('deliverItems' as const), actor, smart, items: picks, household: fc.nat() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('adjust' as const),
      actor,
      smart,
      item: recent,
      counted: fc.integer({ min: 0, max: 4 }),
    }),
  },
);

/** One whole journey closes every run, so every run also reaches parcels in transit and a delivery. */
const JOURNEY: Command[] = [
  { op: 'register', actor: 3, category: '粮油', quantity: 5, unusable: false },
  { op: 'disinfect', actor: 3, items: [0] },
  { op: 'pack', actor: 3, items: [0] },
  { op: 'dispatch', actor: 3, parcel: 0, to: 1 },
  { op: 'receive', actor: 1, parcel: 0 },
  { op: 'dispatch', actor: 1, parcel: 0, to: 3 },
  { op: 'receive', actor: 3, parcel: 0 },
  { op: 'deliver', actor: 3, parcel: 0, household: 1 },
];

/** The refusals a step may answer with; anything else (a crash, a constraint) fails the property. */
const REFUSALS = new Set<string>([
  ErrorCode.INVALID_TRANSITION,
  ErrorCode.NOT_FOUND,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.FORBIDDEN,
]);

describe('goods logistics: random sequences of valid and invalid steps (fast-check)', () => {
  let t: TestApp;
  let staff: StaffPrincipal[];
  let nodeOf: string[];
  let households: HouseholdEntity[];
  let items: ItemService;
  let parcels: ParcelService;
  let stock: StockService;
  let ds: DataSource;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    const provisioned = await t.app.get(StaffService).provision(
      ACTORS.filter((a) => a.username.startsWith('pv-')).map((a) => ({
        ...a,
        displayName: a.username,
        password: 'village1234',
      })),
    );
    const all = [
      ...(await t.app
        .get(StaffService)
        .list(RegionScope.of({ role: Role.DISTRICT_ADMIN, regionId: '', regionPath: '370404' }), '370404')),
      ...provisioned,
    ];
    const regions = t.app.get(RegionService);
    staff = await Promise.all(
      ACTORS.map(async (a) => {
        const member = all.find((s) => s.username === a.username)!;
        const region = await regions.requireByCode(a.regionCode);
        return {
          kind: 'staff',
          sessionId: 'property-test',
          staffId: member.id,
          username: member.username,
          role: a.role,
          regionId: region.id,
          regionPath: region.path,
        } satisfies StaffPrincipal;
      }),
    );
    const nodes = await regions.nodesOf(staff.map((s) => s.regionId));
    nodeOf = staff.map((s) => nodes.find((n) => n.regionId === s.regionId)!.id);
    households = await t.app
      .get(HouseholdService)
      .list(RegionScope.of({ role: Role.DISTRICT_ADMIN, regionId: staff[0].regionId, regionPath: '370404' }), '370404');
    expect((await demoCentres(t)).village).toBe(nodeOf[3]);
    items = t.app.get(ItemService);
    parcels = t.app.get(ParcelService);
    stock = t.app.get(StockService);
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  /** Counts the places each item is in: in stock at a centre, in a parcel on the way or at one, with a household. */
  async function placesOfEachItem(): Promise<{ code: string; places: number }[]> {
    const rows: { code: string; places: string | number }[] = await ds.query(
      `SELECT i.code,
          (CASE WHEN i.parcel_id IS NULL AND i.household_id IS NULL AND i.node_id IS NOT NULL THEN 1 ELSE 0 END)
        + (CASE WHEN p.status IN ('PACKED', 'RECEIVED', 'IN_TRANSIT') AND i.household_id IS NULL THEN 1 ELSE 0 END)
        + (CASE WHEN i.household_id IS NOT NULL THEN 1 ELSE 0 END) AS places
       FROM goods_item i LEFT JOIN goods_parcel p ON p.id = i.parcel_id`,
    );
    return rows.map((r) => ({ code: r.code, places: Number(r.places) }));
  }

  /** The actor at the centre holding the item (or parcel; bound for it, to receive), if one of ours. */
  async function holderOf(code: string, receiving = false): Promise<number | undefined> {
    const rows: { node: string | null }[] = code.startsWith('IT-')
      ? await ds.query('SELECT node_id AS node FROM goods_item WHERE code = $1', [code])
      : await ds.query(
          `SELECT ${receiving ? 'to_node_id' : 'current_node_id'} AS node FROM goods_parcel WHERE code = $1`,
          [code],
        );
    const index = nodeOf.indexOf(rows[0]?.node ?? '');
    return index >= 0 ? index : undefined;
  }

  /** The actors one tier above or below (a region code extends its parent's by three digits). */
  function neighboursOf(index: number): number[] {
    const code = ACTORS[index].regionCode;
    return ACTORS.flatMap((a, i) =>
      (a.regionCode.startsWith(code) && a.regionCode.length === code.length + 3) ||
      (code.startsWith(a.regionCode) && code.length === a.regionCode.length + 3)
        ? [i]
        : [],
    );
  }

  it('keeps the conservation rule, never puts an item in two places or none, and refused steps change nothing', async () => {
    let registeredUnits = 0;
    const stats = { ok: 0, refused: 0 };
    const perOp: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(
        fc.array(register, { minLength: 2, maxLength: 4 }),
        fc.array(command, { minLength: 10, maxLength: 30 }),
        async (registrations, random) => {
          // Parcels to work with from the start: the newest items packed where they are.
          const packs: Command[] = [0, 1].map((i) => ({ op: 'pack', actor: 0, smart: true, items: [i] }));
          const commands = [...registrations, ...packs, ...random, ...JOURNEY];
          const codes: string[] = [];
          const parcelCodes: string[] = [];
          const newest = (list: string[], i: number) => list[list.length - 1 - (i % Math.max(list.length, 1))];
          const itemAt = (i: number) => newest(codes, i) ?? 'IT-0000000000';
          const parcelAt = (i: number) => newest(parcelCodes, i) ?? 'PK-0000000000';
          // Mostly a household the actor's village serves; now and then any household at all.
          const receipt = (me: StaffPrincipal, household: number) => {
            const own = households.filter((h) => h.regionId === me.regionId);
            const pool = own.length && household % 5 !== 0 ? own : households;
            return {
              householdId: pool[household % pool.length].id,
              receivedBy: '签收人',
              signaturePng: signaturePng(),
            };
          };
          for (const c of commands) {
            let who = c.actor;
            // Generated values are fast-check's to replay and shrink: never changed here.
            let to = c.op === 'dispatch' ? c.to : 0;
            if (c.smart && c.op !== 'register') {
              const subject = 'items' in c ? itemAt(c.items[0]) : 'item' in c ? itemAt(c.item) : parcelAt(c.parcel);
              who = (await holderOf(subject, c.op === 'receive')) ?? c.actor;
              if (c.op === 'dispatch') {
                const near = neighboursOf(who);
                if (near.length) to = near[c.to % near.length];
              }
            }
            const me = staff[who];
            const before = await goodsSnapshot(t);
            try {
              switch (c.op) {
                case 'register': {
                  const item = await items.register(me, {
                    category: c.category,
                    description: '随机物资',
                    quantity: c.quantity,
                    condition: c.unusable ? 'UNUSABLE' : 'GOOD',
                    rejectionReason: c.unusable ? '破损' : null,
                  });
                  codes.push(item.code);
                  registeredUnits += c.quantity;
                  break;
                }
                case 'disinfect':
                  await items.disinfect(me, { itemCodes: [...new Set(c.items.map(itemAt))], method: 'STEAM' });
                  break;
                case 'pack':
                  parcelCodes.push((await parcels.pack(me, { itemCodes: [...new Set(c.items.map(itemAt))] })).code);
                  break;
                case 'dispatch':
                  await parcels.dispatch(me, parcelAt(c.parcel), nodeOf[to]);
                  break;
                case 'receive':
                  await parcels.receive(me, parcelAt(c.parcel));
                  break;
                case 'unpack':
                  await parcels.unpack(me, parcelAt(c.parcel));
                  break;
                case 'deliver':
                  await parcels.deliver(me, parcelAt(c.parcel), receipt(me, c.household));
                  break;
                case 'deliverItems':
                  await parcels.deliverItems(me, [...new Set(c.items.map(itemAt))], receipt(me, c.household));
                  break;
                case 'adjust':
                  await items.adjustStock(me, { itemCode: itemAt(c.item), countedQuantity: c.counted, reason: '盘点' });
                  break;
              }
              stats.ok++;
              perOp[c.op] = (perOp[c.op] ?? 0) + 1;
            } catch (err) {
              if (!(err instanceof DomainError) || !REFUSALS.has(err.code)) throw err;
              stats.refused++;
              // A refused step changes nothing at all.
              expect(await goodsSnapshot(t)).toEqual(before);
            }
            const balance = await stock.balance();
            expect(balance.misplaced).toEqual([]);
            expect(balance.lines.filter((l) => !l.holds)).toEqual([]);
            expect(balance.registeredUnits).toBe(registeredUnits);
            expect(balance.ledgerGoodsInUnits).toBe(registeredUnits);
            expect(balance.ledgerGoodsOutUnits).toBe(balance.deliveredUnits);
            expect(balance.ledgerWriteOffUnits).toBe(balance.writtenOffUnits);
            expect(balance.holds).toBe(true);
            expect((await placesOfEachItem()).filter((p) => p.places !== 1)).toEqual([]);
          }
        },
      ),
      { numRuns: 15 },
    );
    // The sequences did both: real journeys and refusals.
    expect(stats.ok).toBeGreaterThan(100);
    expect(stats.refused).toBeGreaterThan(50);
    expect(Object.keys(perOp).sort()).toEqual(
      expect.arrayContaining(['deliver', 'dispatch', 'pack', 'receive', 'unpack']),
    );
    const delivered: { n: string | number }[] = await ds.query(
      `SELECT count(*) AS n FROM goods_item WHERE status = 'DELIVERED'`,
    );
    expect(Number(delivered[0].n)).toBeGreaterThan(0);
  }, 300_000);
});
