import { RegionScope } from '@shanchou/identity';
import { AttendanceAction, AttendanceService } from '@shanchou/outreach';
import { RegionService } from '@shanchou/regions';
import {
  bearer,
  createEvent,
  createTestApp,
  DEMO_VILLAGE_CODE,
  demoStaffTokens,
  minutesFromNow,
  newVolunteer,
  registerItem,
  signUp,
  staffActor,
  TestApp,
} from '@shanchou/test';
import ExcelJS from 'exceljs';

const TANSHAN = '370404001';
const WULIN = '370404002';

/** The other exports of issue 17 item 6: ledger, goods movements, stock, volunteer hours. */
describe('exports for the district console', () => {
  let t: TestApp;
  let staff: Awaited<ReturnType<typeof demoStaffTokens>>;
  let itemCode: string;
  let villageName: string;
  let eventTitle: string;

  const download = (url: string, token?: string) =>
    t.app.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });
  const csv = (body: string) =>
    body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
  const xlsxRows = async (raw: Buffer): Promise<unknown[][]> => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(raw as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    book.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return rows;
  };

  beforeAll(async () => {
    t = await createTestApp({ demo: true, listen: true });
    staff = await demoStaffTokens(t);
    villageName = (await t.app.get(RegionService).requireByCode(DEMO_VILLAGE_CODE)).name;
    itemCode = await registerItem(t, staff.village, {
      category: '衣物',
      description: '=冬衣 导出测试',
      quantity: 7,
      unit: '件',
    });
    await t.integrateLedger();

    // A volunteer checked in at an event of the demo village and out half an hour later.
    const startsAt = minutesFromNow(30);
    eventTitle = '导出测试 科技下乡';
    const eventId = await createEvent(t, staff.town, {
      title: eventTitle,
      kind: 'SCIENCE_TECH',
      regionCode: DEMO_VILLAGE_CODE,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3600_000),
    });
    const volunteer = await newVolunteer(t, 'oExport-volunteer-1', '王小志');
    await signUp(t, volunteer, eventId);
    const actor = await staffActor(t, staff.town);
    const scope = RegionScope.of(actor);
    const attendance = t.app.get(AttendanceService);
    await attendance.byStaff(scope, actor, eventId, volunteer.volunteerId, AttendanceAction.CHECK_IN, startsAt);
    await attendance.byStaff(
      scope,
      actor,
      eventId,
      volunteer.volunteerId,
      AttendanceAction.CHECK_OUT,
      new Date(startsAt.getTime() + 30 * 60_000),
    );
  }, 90_000);
  afterAll(() => t.close());

  it('exports the public ledger with Chinese headings, as /ledger.csv has the same entries', async () => {
    const res = await download('/exports/ledger.csv', staff.town2);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="ledger.csv"');
    const lines = csv(res.body);
    expect(lines[0]).toBe('序号,类型,金额（元）,金额（分）,数量,项目,捐赠人/收款人,摘要,时间（北京时间）,叶子哈希');
    const goodsIn = lines.filter((l) => l.split(',')[1] === '物资入库' && l.split(',')[4] === '7');
    expect(goodsIn).toHaveLength(1);
    const seq = goodsIn[0].split(',')[0];
    const leaf = goodsIn[0].split(',').at(-1);
    const plain = csv((await download('/ledger.csv')).body).find((l) => l.startsWith(`${seq},`))!;
    expect(plain.split(',').at(-1)).toBe(leaf);
    expect(goodsIn[0].split(',')[8]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    // Money entries of the demo seed carry their campaign's title and yuan.
    const money = lines.slice(1).find((l) => l.split(',')[3] !== '');
    if (money) {
      const [, , yuan, fen, , title] = money.split(',');
      expect(yuan).toBe(`${(Number(fen) / 100).toFixed(2)}`);
      expect(title).not.toBe('');
    }

    const xlsx = await download('/exports/ledger.xlsx', staff.district);
    expect(xlsx.statusCode).toBe(200);
    const rows = await xlsxRows(xlsx.rawPayload);
    expect(rows[0]).toEqual([
      '序号',
      '类型',
      '金额（元）',
      '金额（分）',
      '数量',
      '项目',
      '捐赠人/收款人',
      '摘要',
      '时间（北京时间）',
      '叶子哈希',
    ]);
    expect(rows.find((r) => r[0] === Number(seq))).toEqual(expect.arrayContaining(['物资入库', 7, leaf]));

    const future = await download('/exports/ledger.csv?from=2099-01-01', staff.district);
    expect(csv(future.body)).toHaveLength(1);
  });

  it('refuses a bad format, date or campaign naming the field, and callers who are not staff', async () => {
    const pdf = await download('/exports/ledger.pdf', staff.district);
    expect(pdf.statusCode).toBe(400);
    expect(pdf.body).toContain('format');
    for (const url of [
      '/exports/ledger.csv?from=2026-13-01',
      '/exports/goods-movements.csv?to=yesterday',
      '/exports/volunteer-hours.xlsx?from=2026-02-30',
    ]) {
      const res = await download(url, staff.district);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('YYYY-MM-DD');
    }
    const inverted = await download('/exports/volunteer-hours.csv?from=2026-12-03&to=2026-12-01', staff.district);
    expect(inverted.statusCode).toBe(400);
    expect(inverted.body).toContain('to');
    expect((await download('/exports/ledger.csv?campaignId=nope', staff.district)).statusCode).toBe(400);
    expect((await download('/exports/stock.csv?regionCode=abc', staff.district)).statusCode).toBe(400);
    expect((await download('/exports/stock.csv')).statusCode).toBe(401);
    expect((await download('/exports/goods-movements.csv')).statusCode).toBe(401);
    expect((await download('/exports/volunteer-hours.csv')).statusCode).toBe(401);
  });

  it('exports goods movements inside the caller scope: a town sees its village, another town does not', async () => {
    const res = await download('/exports/goods-movements.csv', staff.town);
    expect(res.statusCode).toBe(200);
    const lines = csv(res.body);
    expect(lines[0]).toBe('时间（北京时间）,环节,物资编码,包裹编码,品类,物资说明,所在中心,去往中心,经办人,备注');
    const row = lines.find((l) => l.includes(`,${itemCode},`));
    expect(row).toBeDefined();
    expect(row).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,登记入库,${itemCode},,衣物,'=冬衣 导出测试,[^,]+,,demo-village,`,
      ),
    );

    const other = await download('/exports/goods-movements.csv', staff.town2);
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain(itemCode);
    const narrowed = await download(`/exports/goods-movements.xlsx?regionCode=${DEMO_VILLAGE_CODE}`, staff.town);
    const rows = await xlsxRows(narrowed.rawPayload);
    expect(rows.find((r) => r[2] === itemCode)).toEqual(
      expect.arrayContaining(['登记入库', itemCode, '衣物', "'=冬衣 导出测试", 'demo-village']),
    );
    const refused = await download(`/exports/goods-movements.csv?regionCode=${TANSHAN}`, staff.town2);
    expect(refused.statusCode).toBe(403);
    const none = await download('/exports/goods-movements.csv?from=2099-01-01', staff.town);
    expect(csv(none.body)).toHaveLength(1);
  });

  it('exports stock per centre and category inside the scope', async () => {
    const res = await download('/exports/stock.csv', staff.town);
    expect(res.statusCode).toBe(200);
    const lines = csv(res.body);
    expect(lines[0]).toBe('中心,区划代码,品类,单位,在库,其中已消毒,已装包,在途（发往本中心）,件数');
    const clothes = lines.find((l) => l.split(',')[1] === DEMO_VILLAGE_CODE && l.split(',')[2] === '衣物');
    expect(clothes).toBeDefined();
    expect(Number(clothes!.split(',')[4])).toBeGreaterThanOrEqual(7);
    expect(lines.slice(1).every((l) => l.split(',')[1].startsWith(TANSHAN))).toBe(true);

    const wulin = csv((await download('/exports/stock.csv', staff.town2)).body);
    expect(wulin.slice(1).every((l) => l.split(',')[1].startsWith(WULIN))).toBe(true);
    expect((await download(`/exports/stock.xlsx?regionCode=${TANSHAN}`, staff.town2)).statusCode).toBe(403);
    const xlsx = await download(`/exports/stock.xlsx?regionCode=${DEMO_VILLAGE_CODE}`, staff.village);
    const rows = await xlsxRows(xlsx.rawPayload);
    expect(rows[0][0]).toBe('中心');
    expect(rows.slice(1).every((r) => r[1] === DEMO_VILLAGE_CODE)).toBe(true);
    expect(rows.find((r) => r[2] === '衣物')![4]).toEqual(expect.any(Number));
  });

  it('exports volunteer hours per volunteer per event, without phone numbers, inside the scope', async () => {
    const res = await download('/exports/volunteer-hours.csv', staff.town);
    expect(res.statusCode).toBe(200);
    const lines = csv(res.body);
    expect(lines[0]).toBe(
      '志愿者,队伍,活动,类别,村/社区,活动开始（北京时间）,签到（北京时间）,签退（北京时间）,服务时长（小时）',
    );
    const row = lines.find((l) => l.includes(eventTitle))!;
    expect(row).toMatch(new RegExp(`^王小志,,${eventTitle},科技下乡,${villageName},[^,]+,[^,]+,[^,]+,0\\.5$`));
    expect(res.body).not.toContain('13800138000');
    expect((await download('/exports/volunteer-hours.csv', staff.town2)).body).not.toContain(eventTitle);
    expect((await download(`/exports/volunteer-hours.csv?regionCode=${TANSHAN}`, staff.town2)).statusCode).toBe(403);
    const xlsx = await download(`/exports/volunteer-hours.xlsx?regionCode=${TANSHAN}`, staff.district);
    const rows = await xlsxRows(xlsx.rawPayload);
    expect(rows.find((r) => r[2] === eventTitle)).toEqual(
      expect.arrayContaining(['王小志', eventTitle, '科技下乡', villageName, 0.5]),
    );
  });
});
