import { RegionService } from '@shanchou/regions';
import {
  bearer,
  createTestApp,
  DEMO_VILLAGE_CODE,
  demoStaffTokens,
  GraphqlResponse,
  outcome,
  TestApp,
} from '@shanchou/test';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';

/** 住户导入 (issue 17 item 5): households from the Excel template, all or nothing, in scope. */
describe('households import', () => {
  let t: TestApp;
  let staff: Awaited<ReturnType<typeof demoStaffTokens>>;
  let dongguanName: string;

  const importing = (token: string, regionCode: string, file: string) =>
    t.gql<{ importHouseholds: { code: string; headName: string; memberCount: number }[] }>(
      'mutation($r: String!, $f: String!) { importHouseholds(regionCode: $r, file: $f) { code headName memberCount } }',
      { r: regionCode, f: file },
      bearer(token),
    );
  const count = async (): Promise<number> => {
    const rows: { n: string | number }[] = await t.app.get(DataSource).query('SELECT count(*) AS n FROM household');
    return Number(rows[0].n);
  };

  /** The template, downloaded and filled in as a village clerk would. */
  async function filled(rows: unknown[][]): Promise<string> {
    const res = await t.app.inject({
      method: 'GET',
      url: '/imports/households-template.xlsx',
      headers: bearer(staff.town),
    });
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    for (const row of rows) sheet.addRow(row);
    return Buffer.from(await book.xlsx.writeBuffer()).toString('base64');
  }

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    staff = await demoStaffTokens(t);
    dongguanName = (await t.app.get(RegionService).requireByCode('370404001002')).name;
  }, 90_000);
  afterAll(() => t.close());

  it('offers the template with the Chinese headings', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/imports/households-template.xlsx',
      headers: bearer(staff.village),
    });
    expect(res.headers['content-disposition']).toBe('attachment; filename="households-template.xlsx"');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect((book.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual([
      '户主姓名',
      '村/社区',
      '人口',
      '身份证号',
      '需求',
    ]);
    expect((await t.app.inject({ method: 'GET', url: '/imports/households-template.xlsx' })).statusCode).toBe(401);
  });

  it('imports every row into the villages of the town, by code or name, and audits each', async () => {
    const before = await count();
    const file = await filled([
      ['赵导入', DEMO_VILLAGE_CODE, 3, '', '冬衣两件'],
      ['钱导入', dongguanName, 1, '11010519491231002X', ''],
    ]);
    const res = await importing(staff.town, '370404001', file);
    expect(outcome(res)).toBe('OK');
    const created = res.data!.importHouseholds;
    expect(created).toHaveLength(2);
    expect(created[0]).toMatchObject({ headName: '赵导入', memberCount: 3 });
    expect(created[0].code.startsWith(`${DEMO_VILLAGE_CODE}-`)).toBe(true);
    expect(created[1].code.startsWith('370404001002-')).toBe(true);
    expect(await count()).toBe(before + 2);
    const listed = await t.gql<{ households: { headName: string }[] }>(
      `{ households(regionCode: "${DEMO_VILLAGE_CODE}") { headName } }`,
      {},
      bearer(staff.village),
    );
    expect(listed.data!.households.map((h) => h.headName)).toContain('赵导入');
    const audit = await t.gql<{ auditLog: { entries: { action: string }[] } }>(
      '{ auditLog(first: 2) { entries { action } } }',
      {},
      bearer(staff.district),
    );
    expect(audit.data!.auditLog.entries.map((e) => e.action)).toEqual(['household.import', 'household.import']);
  });

  it('refuses the whole file for one bad row, naming the row and the column in Chinese', async () => {
    const before = await count();
    const bad = await importing(
      staff.village,
      DEMO_VILLAGE_CODE,
      await filled([
        ['孙导入', DEMO_VILLAGE_CODE, 2, '', ''],
        ['李导入', DEMO_VILLAGE_CODE, '两口', '', ''],
      ]),
    );
    expect(bad.errors![0]).toMatchObject({
      message: 'file: 第 3 行「人口」不是整数：两口',
      extensions: { code: 'BAD_USER_INPUT', field: 'file' },
    });
    const outside = await importing(
      staff.village,
      DEMO_VILLAGE_CODE,
      await filled([['周导入', '370404001002', 2, '', '']]),
    );
    expect(outside.errors![0].message).toContain('第 2 行「村/社区」370404001002 不在');
    const badId = await importing(
      staff.town,
      '370404001',
      await filled([['吴导入', DEMO_VILLAGE_CODE, 2, '123456', '']]),
    );
    expect(badId.errors![0].message).toBe('file: 第 2 行「身份证号」不是有效的 18 位居民身份证号');
    const notExcel = await importing(staff.town, '370404001', Buffer.from('户主姓名,人口').toString('base64'));
    expect(notExcel.errors![0].message).toContain('不是 Excel（.xlsx）文件');
    expect(await count()).toBe(before);
  });

  it('imports for village and town staff inside their scope and for a district admin into any village', async () => {
    const wulinVillage = '370404002001';
    const file = await filled([['郑导入', wulinVillage, 2, '', '']]);
    const before = await count();
    // 坛山街道's operator imports neither into 吴林街道 nor into one of its villages, and says so in Chinese.
    const otherTown = await importing(staff.town, '370404002', file);
    expect(outcome(otherTown)).toBe('FORBIDDEN');
    expect(otherTown.errors![0].message).toMatch(/^吴林街道（370404002）不在你的管辖区域内/);
    expect(outcome(await importing(staff.town, wulinVillage, file))).toBe('FORBIDDEN');
    // Named in a row of an import into its own town, the other town's village refuses the file.
    const inRow = await importing(staff.town, '370404001', file);
    expect(inRow.errors![0].message).toBe(`file: 第 2 行「村/社区」${wulinVillage} 不在 坛山街道 之下`);
    const anonymous: GraphqlResponse = await t.gql(
      'mutation($f: String!) { importHouseholds(regionCode: "370404001", file: $f) { code } }',
      { f: file },
    );
    expect(outcome(anonymous)).toBe('UNAUTHENTICATED');
    const huge = await importing(staff.town, '370404001', 'A'.repeat(800_000));
    expect(outcome(huge)).toBe('BAD_USER_INPUT');
    expect(await count()).toBe(before);

    // A district admin: into the village itself, or into the whole district by the villages' codes.
    const byDistrict = await importing(staff.district, wulinVillage, file);
    expect(outcome(byDistrict)).toBe('OK');
    const [imported] = byDistrict.data!.importHouseholds;
    expect(imported.code.startsWith(`${wulinVillage}-`)).toBe(true);
    // As every household outside its village and town, the district reads the name masked.
    expect(imported.headName).toBe('郑**');
    const wholeDistrict = await importing(
      staff.district,
      '370404',
      await filled([
        ['王导入', DEMO_VILLAGE_CODE, 1, '', ''],
        ['冯导入', '370404001002', 4, '', '助学'],
      ]),
    );
    expect(outcome(wholeDistrict)).toBe('OK');
    expect(wholeDistrict.data!.importHouseholds.map((h) => h.code.slice(0, 12))).toEqual([
      DEMO_VILLAGE_CODE,
      '370404001002',
    ]);
    // The village's own staff read what the district imported, in full.
    const listed = await t.gql<{ households: { headName: string }[] }>(
      `{ households(regionCode: "${DEMO_VILLAGE_CODE}") { headName } }`,
      {},
      bearer(staff.village),
    );
    expect(listed.data!.households.map((h) => h.headName)).toContain('王导入');
    expect(outcome(await importing(staff.town2, '370404002', file))).toBe('OK');
    expect(await count()).toBe(before + 4);
  });
});
