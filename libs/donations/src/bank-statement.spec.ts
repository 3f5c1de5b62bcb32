import ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import {
  BankColumnMapping,
  parseBankStatement,
  ParsedStatement,
  reconcileStatement,
  RecordedRemittance,
  StatementFormatError,
  StatementLine,
} from './bank-statement';

// 中国工商银行's export as staff map it: separate 借方 and 贷方 columns.
const ICBC: BankColumnMapping = {
  date: '交易日期',
  credit: '贷方发生额',
  reference: '摘要',
  counterparty: '对方户名',
  counterpartyAccount: '对方账号',
  serial: '交易流水号',
};

const ICBC_HEADER = '交易日期,交易流水号,摘要,借方发生额,贷方发生额,余额,对方户名,对方账号';

// Account, name and period before the header, 合计 and who printed it after, as the bank writes them.
const icbcCsv = (rows: string[]) =>
  [
    '账号：6222 0216 0000 1234 567,,,,,,,',
    '户名：某某区慈善总会,,,,,,,',
    '查询期间：2026-12-01 至 2026-12-05,,,,,,,',
    '',
    ICBC_HEADER,
    ...rows,
    '合计,,,"1,000.00","3,434.85",,,',
    '打印时间：2026-12-06 09:00,,,,,,,',
    '',
  ].join('\r\n');

const line = (extra: Partial<StatementLine>): StatementLine => ({
  row: 0,
  date: '2026-12-01',
  amountFen: 0,
  reference: '',
  counterparty: null,
  counterpartyAccount: null,
  serial: null,
  ...extra,
});

/** The StatementFormatError a parse fails with (the test fails if it does not). */
async function refusal(parse: Promise<ParsedStatement>): Promise<StatementFormatError> {
  const error: unknown = await parse.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StatementFormatError);
  return error as StatementFormatError;
}

const csv = (text: string) => Buffer.from(text, 'utf8');
const SIMPLE: BankColumnMapping = { date: '日期', credit: '收入' };
const simpleCsv = (rows: string[]) => csv(['日期,收入', ...rows].join('\n'));

describe('parseBankStatement: CSV', () => {
  it('reads a UTF-8 export (BOM, preamble, quoted values, CRLF), skips debits, stops at 合计', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      csv(
        icbcCsv([
          '2026-12-01 10:22:33,20261201000123,"汇款 SC-REM-0001,城关镇政府",,"1,234.56","11,234.56",城关镇人民政府,="6217000010002000300"',
          '2026-12-02,20261202000007,手续费,"1,000.00",,"10,234.56",,',
          '2026-12-03,20261203000042,"捐款 ""一日捐"" 交通局","0.00",0.29,"10,234.85",区交通运输局,6222021001122334455',
          '2026-12-05,20261205000001,,,"2,200.00","12,434.85",区教育局,',
        ]),
      ),
    ]);
    const statement = await parseBankStatement(bytes, '对账单.CSV', ICBC);
    expect(statement).toEqual({
      lines: [
        {
          row: 6,
          date: '2026-12-01',
          amountFen: 123456,
          reference: '汇款 SC-REM-0001,城关镇政府',
          counterparty: '城关镇人民政府',
          counterpartyAccount: '6217000010002000300',
          serial: '20261201000123',
        },
        {
          row: 8,
          date: '2026-12-03',
          // 0.29 * 100 is 28.999999999999996 in floating point; the decimal text gives 29.
          amountFen: 29,
          reference: '捐款 "一日捐" 交通局',
          counterparty: '区交通运输局',
          counterpartyAccount: '6222021001122334455',
          serial: '20261203000042',
        },
        {
          row: 9,
          date: '2026-12-05',
          amountFen: 220000,
          reference: '',
          counterparty: '区教育局',
          counterpartyAccount: null,
          serial: '20261205000001',
        },
      ],
      skippedDebits: 1,
      from: '2026-12-01',
      to: '2026-12-05',
    });
  });

  it('reads a GBK export, as most bank websites still write them', async () => {
    const text = icbcCsv(['2026/12/4,88001,单位捐款 凭证号ZC20261204,,500.00,,区财政局，国库科,']);
    const bytes = iconv.encode(text, 'gbk');
    // Not valid UTF-8: the test would pass on a UTF-8 decode by accident otherwise.
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();

    const statement = await parseBankStatement(bytes, 'gbk.csv', ICBC);
    expect(statement.lines).toEqual([
      line({
        row: 6,
        date: '2026-12-04',
        amountFen: 50000,
        reference: '单位捐款 凭证号ZC20261204',
        counterparty: '区财政局，国库科',
        serial: '88001',
      }),
    ]);
  });

  it('reads a tab-separated export with a quoted value holding a tab and a line break', async () => {
    const mapping: BankColumnMapping = {
      date: '交易时间',
      credit: '收入金额',
      reference: '用途',
      counterparty: '对方户名',
    };
    const text = [
      '账户明细查询',
      '交易时间\t收入金额\t支出金额\t用途\t对方户名',
      '20261201\t1,234.50\t\t"第一行\t附言\n第二行"\t某某村委会',
      '20261202\t\t88.00\t电费\t供电公司',
      '　合计\t1,234.50\t88.00\t\t',
    ].join('\n');
    const statement = await parseBankStatement(csv(text), 'mx.csv', mapping);
    expect(statement).toEqual({
      lines: [
        line({
          row: 3,
          date: '2026-12-01',
          amountFen: 123450,
          reference: '第一行\t附言\n第二行',
          counterparty: '某某村委会',
        }),
      ],
      skippedDebits: 1,
      from: '2026-12-01',
      to: '2026-12-02',
    });
  });

  it('finds header texts padded with full-width spaces, and trims the mapping', async () => {
    const text = ['　日期　, 收入 ', '2026-12-01,1.00'].join('\n');
    const statement = await parseBankStatement(csv(text), 'a.csv', { date: ' 日期', credit: '收入' });
    expect(statement.lines.map((l) => l.amountFen)).toEqual([100]);
  });

  it('treats a blank mapping field as not mapped, as a settings form saves it', async () => {
    const mapping: BankColumnMapping = { date: '日期', credit: '', amount: '金额', direction: ' ', reference: '' };
    const text = ['日期,金额', '2026-12-01,-1.00', '2026-12-02,2.00'].join('\n');
    const statement = await parseBankStatement(csv(text), 'a.csv', mapping);
    expect(statement.lines).toEqual([line({ row: 3, date: '2026-12-02', amountFen: 200 })]);
    expect(statement.skippedDebits).toBe(1);
  });

  it.each([
    ['1,234.56', 123456],
    ['1234.5', 123450],
    ['¥1,234.56', 123456],
    ['￥1,234.56', 123456],
    ['+1,234.56', 123456],
    ['0.29', 29],
    ['1299.02', 129902],
    ['12', 1200],
    ['１２３.４５', 12345],
  ])('reads the amount %s as %i fen', async (amount, fen) => {
    const statement = await parseBankStatement(simpleCsv([`2026-12-01,"${amount}"`]), 'a.csv', SIMPLE);
    expect(statement.lines.map((l) => l.amountFen)).toEqual([fen]);
  });

  it.each([
    ['2026-12-01', '2026-12-01'],
    ['2026/12/1', '2026-12-01'],
    ['2026.1.9', '2026-01-09'],
    ['20261201', '2026-12-01'],
    ['2026-12-01 10:22:33', '2026-12-01'],
    ['20261201 102233', '2026-12-01'],
    ['2026年12月1日', '2026-12-01'],
    ['2028-02-29', '2028-02-29'],
  ])('reads the date %s as %s', async (written, date) => {
    const statement = await parseBankStatement(simpleCsv([`${written},1.00`]), 'a.csv', SIMPLE);
    expect(statement.lines.map((l) => l.date)).toEqual([date]);
  });

  it('skips 本页小计 and the header repeated on the next page, and empty rows', async () => {
    const rows = [
      '2026-12-01,1.00',
      '本页小计,1.00',
      '',
      ',',
      '日期,收入',
      '2026-12-02,2.00',
      '合计,3.00',
      '2026-12-03,9.00',
    ];
    const statement = await parseBankStatement(simpleCsv(rows), 'a.csv', SIMPLE);
    expect(statement.lines.map((l) => [l.row, l.date, l.amountFen])).toEqual([
      [2, '2026-12-01', 100],
      [7, '2026-12-02', 200],
    ]);
    expect(statement.to).toBe('2026-12-02');
  });
});

describe('parseBankStatement: direction and signed amounts', () => {
  it('takes credits by the 借贷标志 column (default values 贷/收/C/贷方, case ignored)', async () => {
    const mapping: BankColumnMapping = {
      date: '交易日期',
      amount: '交易金额',
      direction: '借贷标志',
      reference: '附言',
    };
    const text = [
      '交易日期,借贷标志,交易金额,附言',
      '2026-12-01,贷,100.00,甲',
      '2026-12-01,借,50.00,乙',
      '2026-12-02,c,200.00,丙',
      '2026-12-02,D,70.00,丁',
      '2026-12-03,收,300.00,戊',
      '2026-12-03,付,80.00,己',
    ].join('\n');
    const statement = await parseBankStatement(csv(text), 'a.csv', mapping);
    expect(statement.lines.map((l) => [l.row, l.amountFen, l.reference])).toEqual([
      [2, 10000, '甲'],
      [4, 20000, '丙'],
      [6, 30000, '戊'],
    ]);
    expect(statement.skippedDebits).toBe(3);
  });

  it("uses the mapping's creditValues (1 = 贷, 2 = 借)", async () => {
    const mapping: BankColumnMapping = { date: '日期', amount: '金额', direction: '方向', creditValues: ['1'] };
    const text = ['日期,方向,金额', '2026-12-01,1,10.00', '2026-12-01,2,20.00', '2026-12-02,贷,30.00'].join('\n');
    const statement = await parseBankStatement(csv(text), 'a.csv', mapping);
    expect(statement.lines.map((l) => l.amountFen)).toEqual([1000]);
    expect(statement.skippedDebits).toBe(2);
  });

  it('takes positive amounts as credits when one signed column holds both', async () => {
    const mapping: BankColumnMapping = { date: '日期', amount: '金额' };
    const text = ['日期,金额', '2026-12-01,"+1,000.00"', '2026-12-02,-20.00', '2026-12-03,0.00', '2026-12-04,5'].join(
      '\n',
    );
    const statement = await parseBankStatement(csv(text), 'a.csv', mapping);
    expect(statement.lines.map((l) => [l.date, l.amountFen])).toEqual([
      ['2026-12-01', 100000],
      ['2026-12-04', 500],
    ]);
    expect(statement.skippedDebits).toBe(2);
  });

  it('counts an empty or zero credit cell as a debit', async () => {
    const statement = await parseBankStatement(
      simpleCsv(['2026-12-01,', '2026-12-02,0.00', '2026-12-03,3.00']),
      'a.csv',
      SIMPLE,
    );
    expect(statement.lines.map((l) => l.amountFen)).toEqual([300]);
    expect(statement.skippedDebits).toBe(2);
    expect([statement.from, statement.to]).toEqual(['2026-12-01', '2026-12-03']);
  });
});

describe('parseBankStatement: xlsx', () => {
  async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    fill(book.addWorksheet('明细'));
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  it('reads number, Date, text, rich text and formula cells', async () => {
    const bytes = await workbook((sheet) => {
      sheet.addRow(['中国建设银行 账户明细']);
      sheet.addRow(['账号', '6217000010002000300']);
      sheet.addRow([]);
      sheet.addRow(['交易日期', '交易流水号', '摘要', '借方发生额', '贷方发生额', '对方户名', '对方账号']);
      // 23:30 UTC is already the next day in China: the date is read as written, not shifted.
      sheet.addRow([
        new Date(Date.UTC(2026, 11, 1, 23, 30)),
        'S1',
        'SC-REM-0001',
        null,
        1234.56,
        '城关镇人民政府',
        6222021001122,
      ]);
      sheet.addRow([new Date(Date.UTC(2026, 11, 2)), 'S2', '转账', null, 0.29, '区交通运输局', null]);
      sheet.addRow([
        '2026-12-03',
        'S3',
        { richText: [{ text: '汇款 ' }, { text: 'ZC-77', font: { bold: true } }] },
        null,
        '1,000.10',
        '区财政局',
        null,
      ]);
      sheet.addRow([20261204, 'S4', '手续费', 12.5, null, null, null]);
      sheet.addRow([
        new Date(Date.UTC(2026, 11, 5)),
        'S5',
        '合并',
        null,
        { formula: 'E5+E6', result: 1234.85 },
        '区教育局',
        null,
      ]);
      sheet.addRow(['合计', null, null, 12.5, { formula: 'SUM(E5:E9)', result: 3469.8 }]);
    });
    const statement = await parseBankStatement(bytes, '明细.xlsx', ICBC);
    expect(statement).toEqual({
      lines: [
        line({
          row: 5,
          date: '2026-12-01',
          amountFen: 123456,
          reference: 'SC-REM-0001',
          counterparty: '城关镇人民政府',
          counterpartyAccount: '6222021001122',
          serial: 'S1',
        }),
        line({
          row: 6,
          date: '2026-12-02',
          amountFen: 29,
          reference: '转账',
          counterparty: '区交通运输局',
          serial: 'S2',
        }),
        line({
          row: 7,
          date: '2026-12-03',
          amountFen: 100010,
          reference: '汇款 ZC-77',
          counterparty: '区财政局',
          serial: 'S3',
        }),
        line({
          row: 9,
          date: '2026-12-05',
          amountFen: 123485,
          reference: '合并',
          counterparty: '区教育局',
          serial: 'S5',
        }),
      ],
      skippedDebits: 1,
      from: '2026-12-01',
      to: '2026-12-05',
    });
  });

  it('refuses a number cell with a third decimal, naming row and column', async () => {
    const bytes = await workbook((sheet) => {
      sheet.addRow(['日期', '收入']);
      sheet.addRow([new Date(Date.UTC(2026, 11, 1)), 1234.567]);
    });
    const error = await refusal(parseBankStatement(bytes, 'a.xlsx', SIMPLE));
    expect(error).toMatchObject({ message: '第 2 行「收入」超过两位小数：1234.567', row: 2, column: '收入' });
  });

  it("reads a formula's float noise as the amount it shows, and a date cell left without a date format", async () => {
    const bytes = await workbook((sheet) => {
      sheet.addRow(['日期', '收入']);
      // What =0.1+0.2 leaves in a cell; Excel shows 0.30.
      sheet.addRow([46357, { formula: '0.1+0.2', result: 0.1 + 0.2 }]);
    });
    const statement = await parseBankStatement(bytes, 'a.xlsx', SIMPLE);
    expect(statement.lines.map((l) => [l.date, l.amountFen])).toEqual([['2026-12-01', 30]]);
  });

  it('refuses bytes that are not a workbook', async () => {
    const error = await refusal(parseBankStatement(csv('日期,收入\n'), 'a.xlsx', SIMPLE));
    expect(error.message).toBe('不是有效的 Excel（.xlsx）文件：请重新从网银导出');
  });
});

describe('parseBankStatement: refusals', () => {
  it.each([
    ['statement.xls', '不支持.xls 文件：请从网银导出 .csv 或 .xlsx 格式的对账单'],
    ['statement.pdf', '不支持.pdf 文件：请从网银导出 .csv 或 .xlsx 格式的对账单'],
    ['statement', '不支持没有扩展名的文件：请从网银导出 .csv 或 .xlsx 格式的对账单'],
  ])('refuses %s, naming the file type', async (fileName, message) => {
    const error = await refusal(parseBankStatement(simpleCsv(['2026-12-01,1.00']), fileName, SIMPLE));
    expect(error.message).toBe(message);
  });

  it('names the header texts it cannot find', async () => {
    const mapping: BankColumnMapping = { ...ICBC, date: '记账日期', credit: '收入金额' };
    const error = await refusal(parseBankStatement(csv(icbcCsv([])), 'a.csv', mapping));
    expect(error.message).toBe('找不到表头：记账日期、收入金额（请检查列的对应设置）');
    // The API's error mapper turns it into a GraphQL error with this code and the message as is.
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
  });

  it('names every mapped header when no row holds any', async () => {
    const error = await refusal(parseBankStatement(csv('a,b\n1,2\n'), 'a.csv', SIMPLE));
    expect(error.message).toBe('找不到表头：日期、收入（请检查列的对应设置）');
  });

  it.each([
    ['12,34a', '第 3 行「收入」不是金额：12,34a'],
    ['12,34', '第 3 行「收入」不是金额：12,34'],
    ['1.2.3', '第 3 行「收入」不是金额：1.2.3'],
    ['1,234.567', '第 3 行「收入」超过两位小数：1,234.567'],
    ['0.001', '第 3 行「收入」超过两位小数：0.001'],
    ['-5.00', '第 3 行「收入」是负数：-5.00（冲正或退汇请先与银行核对）'],
  ])('refuses the amount %s, naming row and column', async (amount, message) => {
    const error = await refusal(
      parseBankStatement(simpleCsv(['2026-12-01,1.00', `2026-12-02,"${amount}"`]), 'a.csv', SIMPLE),
    );
    expect(error).toMatchObject({ message, row: 3, column: '收入' });
  });

  it.each([
    ['2026-02-30', '第 2 行「日期」不是日期：2026-02-30'],
    ['2026-13-01', '第 2 行「日期」不是日期：2026-13-01'],
    ['12/01/2026', '第 2 行「日期」不是日期：12/01/2026'],
    ['昨天', '第 2 行「日期」不是日期：昨天'],
    ['', '第 2 行「日期」为空'],
  ])('refuses the date %s, naming row and column', async (date, message) => {
    const error = await refusal(parseBankStatement(simpleCsv([`${date},1.00`]), 'a.csv', SIMPLE));
    expect(error).toMatchObject({ message, row: 2, column: '日期' });
  });

  it('refuses an empty direction cell rather than guess', async () => {
    const mapping: BankColumnMapping = { date: '日期', amount: '金额', direction: '方向' };
    const error = await refusal(parseBankStatement(csv('日期,方向,金额\n2026-12-01,,1.00\n'), 'a.csv', mapping));
    expect(error).toMatchObject({ message: '第 2 行「方向」为空', row: 2, column: '方向' });
  });

  it('refuses a control character in a reference', async () => {
    const mapping: BankColumnMapping = { ...SIMPLE, reference: '摘要' };
    const error = await refusal(
      parseBankStatement(csv('日期,收入,摘要\n2026-12-01,1.00,a\u0000b\n'), 'a.csv', mapping),
    );
    expect(error.message).toBe('第 2 行「摘要」含有不可见的控制字符（U+0000）');
  });

  it('refuses an unclosed quote, an empty file and a mapping without one money column', async () => {
    expect((await refusal(parseBankStatement(csv('日期,收入\n2026-12-01,"1.00\n'), 'a.csv', SIMPLE))).message).toBe(
      '第 2 行的引号没有闭合：文件可能不完整，请重新导出',
    );
    expect((await refusal(parseBankStatement(Buffer.alloc(0), 'a.csv', SIMPLE))).message).toBe('文件是空的');
    const both = { date: '日期', credit: '收入', amount: '金额' };
    expect((await refusal(parseBankStatement(simpleCsv([]), 'a.csv', both))).message).toBe(
      '列的对应设置应指定贷方（收入）金额列或交易金额列，二者选一',
    );
  });
});

describe('reconcileStatement', () => {
  const remittance = (
    id: string,
    reference: string,
    amountFen: number,
    receivedOn = '2026-12-02',
  ): RecordedRemittance => ({
    id,
    reference,
    amountFen,
    receivedOn,
    organizationName: `单位${id}`,
  });
  const statement = (lines: StatementLine[], from = '2026-12-01', to = '2026-12-05'): ParsedStatement => ({
    lines,
    skippedDebits: 0,
    from,
    to,
  });

  it('sorts lines and remittances into matched, amount differs, and missing on either side', () => {
    const byText = line({ row: 5, date: '2026-12-01', amountFen: 123456, reference: '汇款 sc-rem 0001 城关镇' });
    const bySerial = line({ row: 6, date: '2026-12-02', amountFen: 50000, serial: ' 88001 ' });
    const short = line({ row: 7, date: '2026-12-03', amountFen: 900, reference: '捐款 Z12 交通局' });
    const unknown = line({ row: 8, date: '2026-12-04', amountFen: 700, reference: '个人转账' });
    const recorded = [
      remittance('r1', 'SC-REM0001', 123456, '2026-12-01'),
      remittance('r2', '88001', 48000, '2026-12-02'),
      // Shorter than 4 characters: found inside a 摘要 only by chance, so not matched there.
      remittance('r3', 'Z12', 900, '2026-12-03'),
      remittance('r4', 'ZC-404', 10000, '2026-12-05'),
      remittance('r5', 'ZC-505', 10000, '2026-11-30'),
      remittance('r6', 'ZC-606', 10000, '2026-12-06'),
    ];
    expect(reconcileStatement(statement([unknown, short, bySerial, byText]), recorded)).toEqual({
      matched: [{ remittance: recorded[0], line: byText }],
      amountDiffers: [{ remittance: recorded[1], line: bySerial, differenceFen: 2000 }],
      missingInRecords: [short, unknown],
      // r5 and r6 were received outside the statement's days: not reported missing.
      missingOnStatement: [recorded[2], recorded[3]],
    });
  });

  it('matches a short reference against the serial, exactly', () => {
    const serialLine = line({ row: 2, amountFen: 900, serial: 'z12' });
    const result = reconcileStatement(statement([serialLine]), [remittance('r1', 'Z12', 900)]);
    expect(result.matched).toEqual([{ remittance: remittance('r1', 'Z12', 900), line: serialLine }]);
  });

  it('uses a line once: of two lines with one reference the equal amount wins, then the earliest', () => {
    const early = line({ row: 2, date: '2026-12-01', amountFen: 9000, reference: 'REF-1001' });
    const equal = line({ row: 3, date: '2026-12-02', amountFen: 10000, reference: 'REF-1001' });
    const later = line({ row: 4, date: '2026-12-03', amountFen: 10000, reference: 'REF-1001' });
    const r1 = remittance('r1', 'REF-1001', 10000);
    expect(reconcileStatement(statement([later, early, equal]), [r1])).toEqual({
      matched: [{ remittance: r1, line: equal }],
      amountDiffers: [],
      missingInRecords: [early, later],
      missingOnStatement: [],
    });

    const r2 = remittance('r2', 'REF-1001', 12000);
    const differing = reconcileStatement(statement([later, early]), [r2]);
    expect(differing.amountDiffers).toEqual([{ remittance: r2, line: early, differenceFen: -3000 }]);
    expect(differing.missingInRecords).toEqual([later]);
  });

  it('gives a line to the more specific of two references found in it', () => {
    const both = line({ row: 2, date: '2026-12-01', amountFen: 100, reference: 'ABCD-99' });
    const plain = line({ row: 3, date: '2026-12-02', amountFen: 100, reference: 'ABCD' });
    const short = remittance('r1', 'ABCD', 100);
    const long = remittance('r2', 'ABCD-99', 100);
    const result = reconcileStatement(statement([both, plain]), [short, long]);
    expect(result.matched).toEqual([
      { remittance: long, line: both },
      { remittance: short, line: plain },
    ]);
    expect(result.missingInRecords).toEqual([]);
  });

  it('reports nothing missing on a statement without dates', () => {
    const empty: ParsedStatement = { lines: [], skippedDebits: 0, from: null, to: null };
    expect(reconcileStatement(empty, [remittance('r1', 'REF-1001', 100)])).toEqual({
      matched: [],
      amountDiffers: [],
      missingInRecords: [],
      missingOnStatement: [],
    });
  });
});
