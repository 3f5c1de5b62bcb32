import { createTestApp, TestApp } from '@shanchou/test';
import { DataSource } from 'typeorm';
import { demoSeedFingerprint, seedDemo, seedDemoIfChanged } from '@shanchou/seeds';

interface RegionNode {
  id: string;
  code: string;
  name: string;
  level: string;
  node: { id: string; name: string; kind: string; region: { code: string } } | null;
  parent: { code: string } | null;
  children: RegionNode[];
}

const TREE = `
  query {
    regions {
      id code name level parent { code } node { id name kind region { code } }
      children {
        id code name level parent { code } node { id name kind region { code } }
        children { id code name level parent { code } node { id name kind region { code } } children { code } }
      }
    }
  }`;

describe('regions (GraphQL)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDemo(t.app, 'test');
  });
  afterAll(() => t.close());

  it('lists 峄城区 with its 2 streets and 5 towns, each with villages and matching service nodes', async () => {
    const res = await t.gql<{ regions: RegionNode[] }>(TREE);
    expect(res.errors).toBeUndefined();
    const [district] = res.data!.regions;
    expect(res.data!.regions).toHaveLength(1);
    expect(district).toMatchObject({ code: '370404', name: '峄城区', level: 'DISTRICT', parent: null });
    expect(district.node).toMatchObject({
      name: '峄城区众筹管理中心',
      kind: 'MANAGEMENT_CENTER',
      region: { code: '370404' },
    });
    expect(district.children.map((c) => c.name)).toEqual([
      '坛山街道',
      '吴林街道',
      '古邵镇',
      '阴平镇',
      '底阁镇',
      '榴园镇',
      '峨山镇',
    ]);
    for (const town of district.children) {
      expect(town).toMatchObject({ level: 'TOWN', parent: { code: '370404' } });
      expect(town.node).toMatchObject({ kind: 'TRANSFER_CENTER', region: { code: town.code } });
      expect(town.children.length).toBeGreaterThanOrEqual(3);
      for (const village of town.children) {
        expect(village).toMatchObject({ level: 'VILLAGE', parent: { code: town.code }, children: [] });
        expect(village.code.startsWith(town.code)).toBe(true);
        expect(village.node).toMatchObject({ kind: 'DISTRIBUTION_CENTER', region: { code: village.code } });
      }
    }
  });

  it('lists the children of a parent code', async () => {
    const res = await t.gql<{ regions: { name: string }[] }>('query($p: String) { regions(parentCode: $p) { name } }', {
      p: '370404001',
    });
    expect(res.data!.regions.map((r) => r.name)).toEqual(['坛山社区', '东关社区', '西关社区', '北关社区']);
  });

  it('answers NOT_FOUND for an unknown parent code, naming it', async () => {
    const res = await t.gql('{ regions(parentCode: "370499") { code } }');
    expect(res.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(res.errors![0].extensions!.field).toBe('parentCode');
    expect(res.errors![0].message).toContain('370499');
  });

  it('answers BAD_USER_INPUT for a malformed parent code, naming the field', async () => {
    const res = await t.gql('{ regions(parentCode: "37-04") { code } }');
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toBe('parentCode: 不是行政区划代码：区为 6 位，镇街 9 位，村居 12 位数字');
  });

  it('finds one region by code, and null for an unknown one', async () => {
    const found = await t.gql<{ region: { name: string; level: string } | null }>(
      '{ region(code: "370404104") { name level } }',
    );
    expect(found.data!.region).toEqual({ name: '峨山镇', level: 'TOWN' });
    const missing = await t.gql<{ region: null }>('{ region(code: "370404999") { name } }');
    expect(missing.errors).toBeUndefined();
    expect(missing.data!.region).toBeNull();
  });

  it('loads the seed twice and keeps the same tree, ids and all', async () => {
    const before = await t.gql(TREE);
    const again = await seedDemo(t.app, 'test');
    const after = await t.gql(TREE);
    expect(after.data).toEqual(before.data);
    expect(again).toEqual({
      regions: { regions: 33, nodes: 33 },
      staff: 4,
      campaigns: 3,
      organizations: 6,
      outreachEvents: 0,
      households: 50,
    });
  });

  it("npm start's seed loads once a day: skipped while nothing changed, loaded again the next Beijing day", async () => {
    // 2026-12-03 23:00 in Beijing, then an hour later: the next day.
    const evening = new Date('2026-12-03T15:00:00Z');
    const nextMorning = new Date('2026-12-03T16:00:00Z');
    expect(demoSeedFingerprint(evening)).toBe(demoSeedFingerprint(new Date('2026-12-02T16:00:00Z')));
    expect(demoSeedFingerprint(nextMorning)).not.toBe(demoSeedFingerprint(evening));

    const first = await seedDemoIfChanged(t.app, 'test', evening);
    expect(first).toMatchObject({ loaded: true, result: { staff: 4, campaigns: 3, households: 50 } });
    // A tester renames a demo campaign; a warm start the same day keeps the change.
    await t.app.get(DataSource).query(`UPDATE campaign SET title = '改过的标题' WHERE slug = 'fupin-shanchou'`);
    const warm = await seedDemoIfChanged(t.app, 'test', evening);
    expect(warm).toMatchObject({ loaded: false, fingerprint: demoSeedFingerprint(evening) });
    const kept = await t.gql<{ campaign: { title: string } }>('{ campaign(slug: "fupin-shanchou") { title } }');
    expect(kept.data!.campaign.title).toBe('改过的标题');
    // The next day the seed runs again (its events are placed relative to the day).
    const tomorrow = await seedDemoIfChanged(t.app, 'test', nextMorning);
    expect(tomorrow.loaded).toBe(true);
    expect(await seedDemoIfChanged(t.app, 'test', nextMorning)).toMatchObject({ loaded: false });
  });
});
