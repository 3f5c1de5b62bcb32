import ExcelJS from 'exceljs';
import { householdTemplate, readHouseholdSheet } from './household-import';

async function sheet(rows: unknown[][], headers?: string[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load((await householdTemplate()) as unknown as ArrayBuffer);
  const ws = book.worksheets[0];
  if (headers) headers.forEach((h, i) => (ws.getRow(1).getCell(i + 1).value = h));
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('readHouseholdSheet', () => {
  it('reads the rows of the template, skipping blank ones', async () => {
    const rows = await readHouseholdSheet(
      await sheet([['张三', '370404001001', 3, '11010519491231002x', '冬衣'], [], ['李四', '坛山社区', '1']]),
    );
    expect(rows).toEqual([
      {
        row: 2,
        headName: '张三',
        village: '370404001001',
        memberCount: 3,
        identityNumber: '11010519491231002X',
        needs: '冬衣',
      },
      { row: 4, headName: '李四', village: '坛山社区', memberCount: 1, identityNumber: null, needs: null },
    ]);
  });

  it.each([
    [[['', '370404001001', 2]], '第 2 行「户主姓名」不能为空'],
    [[['张三', '', 2]], '第 2 行「村/社区」不能为空'],
    [[['张三', '370404001001', 2.5]], '第 2 行「人口」不是整数：2.5'],
    [[['张三', '370404001001', 21]], '第 2 行「人口」应在 1 到 20 之间（含户主）'],
    [[['张三', '370404001001', 0]], '第 2 行「人口」应在 1 到 20 之间（含户主）'],
    [
      [
        ['张三', '370404001001', 2, '11010519491231002X'],
        ['李四', '370404001001', 2, '11010519491231002X'],
      ],
      '第 3 行「身份证号」与第 2 行重复',
    ],
  ])('refuses %j: %s', async (rows, message) => {
    await expect(readHouseholdSheet(await sheet(rows))).rejects.toThrow(message);
  });

  it('refuses a sheet that is not the template, an empty one and a file that is not Excel', async () => {
    await expect(readHouseholdSheet(await sheet([['张三']], ['姓名']))).rejects.toThrow('第 1 行「户主姓名」');
    await expect(readHouseholdSheet(await sheet([]))).rejects.toThrow('表中没有住户');
    await expect(readHouseholdSheet(Buffer.from('not a zip'))).rejects.toThrow('不是 Excel（.xlsx）文件');
    await expect(readHouseholdSheet(Buffer.alloc(600 * 1024, 1))).rejects.toThrow('文件超过 512 KB');
  });
});
