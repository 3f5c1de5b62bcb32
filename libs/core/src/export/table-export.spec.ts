import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import { beijingTime, ExportColumn, fenToYuan, parseDayRange, parseExportFormat, sendTable } from './table-export';

interface Row {
  name: string;
  fen: string;
  at: Date;
  hours: number;
}

const COLUMNS: ExportColumn<Row>[] = [
  { header: '名称', kind: 'text', value: (r) => r.name },
  { header: '金额（元）', kind: 'yuan', value: (r) => r.fen },
  { header: '金额（分）', kind: 'fen', value: (r) => r.fen },
  { header: '时间（北京时间）', kind: 'datetime', value: (r) => r.at },
  { header: '时长（小时）', kind: 'hours', value: (r) => r.hours },
];

const ROWS: Row[] = [
  { name: '=HYPERLINK("http://evil")', fen: '1001', at: new Date('2026-12-02T16:30:00Z'), hours: 2.25 },
  { name: '张三, "老张"', fen: '-5', at: new Date('2026-12-03T01:00:00Z'), hours: 0 },
  { name: '+1 @someone', fen: '900719925474099', at: new Date('2026-12-03T02:00:00Z'), hours: 1 },
];

async function* inBatches(rows: Row[], size: number, failAfter?: number): AsyncGenerator<Row[]> {
  for (let i = 0; i < rows.length; i += size) {
    // Each batch arrives later, as a database cursor's would.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (failAfter !== undefined && i >= failAfter) throw new Error('the database went away');
    yield rows.slice(i, i + size);
  }
}

function server(rows: () => AsyncIterable<Row[]>) {
  const app = Fastify();
  app.get<{ Params: { format: string } }>('/t.:format', async (request, reply) => {
    await sendTable(reply, parseExportFormat(request.params.format), {
      filename: 'gifts',
      sheet: '捐赠明细',
      columns: COLUMNS,
      batches: rows(),
    });
  });
  return app;
}

describe('table exports', () => {
  it('writes CSV for Excel: BOM, Chinese headings, exact yuan, Beijing time, formulas disarmed, quoting', async () => {
    const app = server(() => inBatches(ROWS, 2));
    const res = await app.inject({ method: 'GET', url: '/t.csv' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="gifts.csv"');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(res.body.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      '名称,金额（元）,金额（分）,时间（北京时间）,时长（小时）',
      `"'=HYPERLINK(""http://evil"")",10.01,1001,2026-12-03 00:30:00,2.3`,
      '"张三, ""老张""",-0.05,-5,2026-12-03 09:00:00,0.0',
      "'+1 @someone,9007199254740.99,900719925474099,2026-12-03 10:00:00,1.0",
      '',
    ]);
    await app.close();
  });

  it('writes .xlsx that Excel (exceljs) reads back: numbers as numbers, text never a formula', async () => {
    const app = server(() => inBatches(ROWS, 1));
    const res = await app.inject({ method: 'GET', url: '/t.xlsx' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('捐赠明细')!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '名称',
      '金额（元）',
      '金额（分）',
      '时间（北京时间）',
      '时长（小时）',
    ]);
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      `'=HYPERLINK("http://evil")`,
      10.01,
      1001,
      '2026-12-03 00:30:00',
      2.3,
    ]);
    expect(sheet.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('B3').value).toBe(-0.05);
    expect(sheet.getCell('B3').numFmt).toBe('#,##0.00');
    expect(sheet.getCell('C4').value).toBe(900719925474099);
    await app.close();
  });

  it('an empty export is its header row alone', async () => {
    const app = server(() => inBatches([], 10));
    const csv = await app.inject({ method: 'GET', url: '/t.csv' });
    expect(csv.body).toBe('\uFEFF名称,金额（元）,金额（分）,时间（北京时间）,时长（小时）\r\n');
    const xlsx = await app.inject({ method: 'GET', url: '/t.xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.getWorksheet('捐赠明细')!.rowCount).toBe(1);
    await app.close();
  });

  it('a failure in the first batch is an error answer; a later one aborts the download instead of ending it short', async () => {
    const early = server(() => inBatches(ROWS, 1, 0));
    const res = await early.inject({ method: 'GET', url: '/t.csv' });
    expect(res.statusCode).toBe(500);
    await early.close();

    for (const format of ['csv', 'xlsx']) {
      const late = server(() => inBatches(ROWS, 1, 2));
      await late.listen({ port: 0, host: '127.0.0.1' });
      const { port } = late.server.address() as { port: number };
      const outcome = await fetch(`http://127.0.0.1:${port}/t.${format}`)
        .then((r) => r.arrayBuffer())
        .then(
          () => 'complete',
          () => 'failed',
        );
      expect([format, outcome]).toEqual([format, 'failed']);
      await late.close();
    }
  });

  it('names a bad format or date', () => {
    expect(() => parseExportFormat('xls')).toThrow('导出格式只支持 .csv 或 .xlsx，收到 .xls');
    expect(() => parseDayRange('2026-02-30', undefined)).toThrow(/^from: 日期应写作 YYYY-MM-DD/);
    expect(() => parseDayRange(undefined, '12/03/2026')).toThrow(/^to: 日期应写作 YYYY-MM-DD/);
    expect(() => parseDayRange('2026-12-03', '2026-12-02')).toThrow('to: 结束日期 2026-12-02 早于开始日期 2026-12-03');
  });

  it('takes Beijing calendar days, both ends included', () => {
    expect(parseDayRange('2026-12-03', '2026-12-03')).toEqual({
      from: new Date('2026-12-02T16:00:00Z'),
      to: new Date('2026-12-03T16:00:00Z'),
    });
    expect(parseDayRange(undefined, undefined)).toEqual({});
    expect(fenToYuan('-100')).toBe('-1.00');
    expect(fenToYuan(7)).toBe('0.07');
    expect(beijingTime(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01 00:00:00');
  });
});
