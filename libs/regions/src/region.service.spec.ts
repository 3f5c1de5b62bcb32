import { createTestContext, createTestDatabase, TestDatabase } from '@shanchou/test';
import { YICHENG_DISTRICT } from '@shanchou/seeds';
import { DataSource } from 'typeorm';
import { RegionLevel } from './region-level';
import { RegionService, RegionTreeNode } from './region.service';

describe('RegionService', () => {
  let database: TestDatabase;
  let ctx: Awaited<ReturnType<typeof createTestContext>>;
  let regions: RegionService;

  beforeAll(async () => {
    database = await createTestDatabase();
    ctx = await createTestContext(database);
    regions = ctx.app.get(RegionService);
  });
  afterAll(async () => {
    await ctx.close();
    await database.drop();
  });

  async function count(): Promise<number> {
    const [{ n }]: { n: string }[] = await ctx.app.get(DataSource).query('SELECT count(*) AS n FROM region');
    return Number(n);
  }

  const tree = (children: RegionTreeNode[]): RegionTreeNode => ({
    code: '370405',
    name: '台儿庄区',
    level: RegionLevel.DISTRICT,
    children,
  });

  it.each<[string, RegionTreeNode, RegExp]>([
    [
      'a code of the wrong length',
      tree([{ code: '3704050001', name: '运河街道', level: RegionLevel.TOWN }]),
      /tree\.children\[0\]\.code: “3704050001” 不是行政区划代码/,
    ],
    [
      'a child that skips a level',
      tree([{ code: '370405001001', name: '某村', level: RegionLevel.VILLAGE }]),
      /^tree\.children\[0\]\.level: 区级地区下面不能是村居级地区$/,
    ],
    [
      'a code outside its parent',
      tree([{ code: '370406001', name: '运河街道', level: RegionLevel.TOWN }]),
      /^tree\.children\[0\]\.code: 代码 370406001 须以上级地区的代码 370405 开头$/,
    ],
    [
      'a code given twice',
      tree([
        { code: '370405001', name: 'A', level: RegionLevel.TOWN },
        { code: '370405001', name: 'B', level: RegionLevel.TOWN },
      ]),
      /^tree\.children\[1\]\.code: 代码 370405001 出现了两次$/,
    ],
    [
      'an empty name',
      tree([{ code: '370405001', name: ' ', level: RegionLevel.TOWN }]),
      /^tree\.children\[0\]\.name: 地区名称不能为空$/,
    ],
  ])('refuses %s and writes nothing', async (_what, bad, message) => {
    const before = await count();
    await expect(regions.loadTree(bad)).rejects.toThrow(message);
    expect(await count()).toBe(before);
  });

  it('loads a tree idempotently and finds subtrees by path', async () => {
    const first = await regions.loadTree(YICHENG_DISTRICT);
    const n = await count();
    const second = await regions.loadTree(YICHENG_DISTRICT);
    expect(second).toEqual(first);
    expect(await count()).toBe(n);

    const town = await regions.requireByCode('370404001');
    const subtree = await regions.subtree(town);
    expect(subtree[0].code).toBe('370404001');
    expect(subtree.slice(1).every((r) => r.level === RegionLevel.VILLAGE && r.code.startsWith('370404001'))).toBe(true);
    const district = await regions.requireByCode('370404');
    const village = await regions.requireByCode('370404002201');
    expect(RegionService.contains(district, village)).toBe(true);
    expect(RegionService.contains(town, village)).toBe(false);
    expect(RegionService.contains(village, village)).toBe(true);
  });

  it('renames a region when the tree says so, keeping its id', async () => {
    await regions.loadTree(YICHENG_DISTRICT);
    const before = await regions.requireByCode('370404104');
    const renamed: RegionTreeNode = {
      ...YICHENG_DISTRICT,
      children: YICHENG_DISTRICT.children!.map((c) => (c.code === '370404104' ? { ...c, name: '峨山镇(新)' } : c)),
    };
    await regions.loadTree(renamed);
    const after = await regions.requireByCode('370404104');
    expect(after).toMatchObject({ id: before.id, name: '峨山镇(新)' });
    await regions.loadTree(YICHENG_DISTRICT);
  });
});
