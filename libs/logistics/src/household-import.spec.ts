import ExcelJS from 'exceljs';
import { HOUSEHOLD_IMPORT_MAX_ROWS, householdTemplate, readHouseholdSheet } from './household-import';

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

  // Every way a row is refused: in Chinese, naming the row as Excel numbers it and the column by its heading.
  it.each([
    [[['', '370404001001', 2]], '第 2 行「户主姓名」不能为空'],
    [[['张'.repeat(33), '370404001001', 2]], '第 2 行「户主姓名」超过 32 字'],
    [[['张三', '', 2]], '第 2 行「村/社区」不能为空'],
    [[['张三', '370404001001']], '第 2 行「人口」不能为空'],
    [[['张三', '370404001001', 2.5]], '第 2 行「人口」不是整数：2.5'],
    [[['张三', '370404001001', '两口']], '第 2 行「人口」不是整数：两口'],
    [[['张三', '370404001001', 21]], '第 2 行「人口」应在 1 到 20 之间（含户主）'],
    [[['张三', '370404001001', 0]], '第 2 行「人口」应在 1 到 20 之间（含户主）'],
    [[['张三', '370404001001', 2, '123456']], '第 2 行「身份证号」不是有效的 18 位居民身份证号'],
    [
      [
        ['张三', '370404001001', 2, '11010519491231002X'],
        ['李四', '370404001001', 2, '11010519491231002X'],
      ],
      '第 3 行「身份证号」与第 2 行重复',
    ],
    [[['张三', '370404001001', 2, '', '冬'.repeat(501)]], '第 2 行「需求」超过 500 字'],
    // Excel writes a control character in a cell as _x0007_ (OOXML), and reads it back as the character.
    [[['张_x0007_三', '370404001001', 2]], '第 2 行「户主姓名」含有不可见的控制字符（U+0007）'],
    [
      [['张三', '370404001001', 2], [], ['李四', '东关_x0000_社区', 1]],
      '第 4 行「村/社区」含有不可见的控制字符（U+0000）',
    ],
  ])('refuses %j: %s', async (rows, message) => {
    const refusal = readHouseholdSheet(await sheet(rows));
    await expect(refusal).rejects.toThrow(message);
    await expect(refusal).rejects.toThrow(/^file: 第 \d+ 行「[^」]+」\p{Script=Han}/u);
  });

  it('refuses a sheet of more households than one import takes, naming the first row over', async () => {
    const rows = Array.from({ length: HOUSEHOLD_IMPORT_MAX_ROWS + 1 }, (_, i) => [`户${i}`, '370404001001', 1]);
    await expect(readHouseholdSheet(await sheet(rows))).rejects.toThrow(
      `第 ${HOUSEHOLD_IMPORT_MAX_ROWS + 2} 行起超出：一次最多导入 ${HOUSEHOLD_IMPORT_MAX_ROWS} 户`,
    );
  });

  it('refuses a sheet that is not the template, an empty one and a file that is not Excel, in Chinese', async () => {
    await expect(readHouseholdSheet(await sheet([['张三']], ['姓名']))).rejects.toThrow(
      '第 1 行「户主姓名」应为第 1 列的表头，收到「姓名」：请用导入模板',
    );
    await expect(readHouseholdSheet(await sheet([]))).rejects.toThrow('表中没有住户：从第 2 行起每行填一户');
    await expect(readHouseholdSheet(Buffer.from('not a zip'))).rejects.toThrow('不是 Excel（.xlsx）文件');
    await expect(readHouseholdSheet(Buffer.alloc(600 * 1024, 1))).rejects.toThrow('文件超过 512 KB');
    await expect(readHouseholdSheet(Buffer.alloc(0))).rejects.toThrow('文件是空的');
  });
});
