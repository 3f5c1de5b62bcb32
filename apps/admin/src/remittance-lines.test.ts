import { describe, expect, it } from 'vitest';
import {
  differenceMessage,
  messageYuan,
  parseLines,
  rowProblem,
  toLineInputs,
  totalFen,
  type LineRow,
} from './remittance-lines';

describe('汇款明细', () => {
  it('reads 姓名,金额[,匿名] pasted from Excel (tabs) or a CSV (quoted amounts), skipping the header', () => {
    expect(parseLines('姓名\t金额\t匿名\n张伟\t100\t否\n李娜\t1,000.5\t是\n\t20\t\n')).toEqual({
      rows: [
        { name: '张伟', anonymous: false, amount: '100', phone: '' },
        { name: '李娜', anonymous: true, amount: '1000.5', phone: '' },
        { name: '', anonymous: false, amount: '20', phone: '' },
      ],
      problems: [],
    });
    expect(parseLines('\uFEFF姓名,金额\r\n王芳,"1,200.00"\r\n赵磊，0.29，匿名\r\n').rows).toEqual([
      { name: '王芳', anonymous: false, amount: '1200.00', phone: '' },
      { name: '赵磊', anonymous: true, amount: '0.29', phone: '' },
    ]);
  });

  it('reads an optional 手机号 column, before or after 匿名, as its 11 digits', () => {
    expect(
      parseLines(
        '姓名,金额,手机号\n张伟,100,13812341234\n李娜,50,+86 139-0000-1111,是\n王芳,20,否,15900002222\n赵磊,10\n',
      ),
    ).toEqual({
      rows: [
        { name: '张伟', anonymous: false, amount: '100', phone: '13812341234' },
        { name: '李娜', anonymous: true, amount: '50', phone: '13900001111' },
        { name: '王芳', anonymous: false, amount: '20', phone: '15900002222' },
        { name: '赵磊', anonymous: false, amount: '10', phone: '' },
      ],
      problems: [],
    });
    expect(parseLines('张伟\t100\t13812341234\t否').rows).toEqual([
      { name: '张伟', anonymous: false, amount: '100', phone: '13812341234' },
    ]);
  });

  it('names the line whose 手机号 is not a mainland mobile, or stands on the unit’s own line', () => {
    expect(
      parseLines(
        '姓名,金额,手机号,匿名\n张伟,100,1381234123\n李娜,50,23812341234,是\n王芳,20,13812341234,15900002222\n,30,13812341234\n赵磊,5,13812341234,是\n',
      ).problems,
    ).toEqual([
      '第 2 行：手机号「1381234123」须为 11 位中国大陆手机号码（1 开头）',
      '第 3 行：手机号「23812341234」须为 11 位中国大陆手机号码（1 开头）',
      '第 4 行：只能写一个手机号',
      '第 5 行：以单位名义的一行（姓名空着）不填手机号',
    ]);
  });

  it('names each line that does not parse by its line number in the text, header counted', () => {
    expect(
      parseLines('姓名,金额,匿名\n张伟,100\n李娜,1.234\n\n王芳,50,也许\n赵磊,0\n孙丽,5,否,13812341234,多余').problems,
    ).toEqual([
      '第 3 行：金额「1.234」不是大于 0 的金额（元，最多两位小数）',
      '第 5 行：匿名一列须写 是 或 否，不是「也许」',
      '第 6 行：金额「0」不是大于 0 的金额（元，最多两位小数）',
      '第 7 行：多出了列，每行只写 姓名,金额[,手机号][,匿名]',
    ]);
    expect(parseLines('\n  \n').problems).toEqual(['没有读到任何明细：每行写 姓名,金额[,手机号][,匿名]']);
  });

  it('adds the lines in fen and words the difference as the server does', () => {
    const rows = [
      { name: '张伟', anonymous: false, amount: '100.10', phone: '' },
      { name: '李娜', anonymous: false, amount: '0.2', phone: '' },
    ];
    expect(totalFen(rows)).toBe(10030);
    expect(differenceMessage(10030, 10030)).toBeNull();
    expect(differenceMessage(10030, 10000)).toBe(
      '明细合计 100.30 元，比汇款金额 100 元多 0.30 元：各行须正好加起来等于汇款金额',
    );
    expect(differenceMessage(25000, 30000)).toBe(
      '明细合计 250 元，比汇款金额 300 元少 50 元：各行须正好加起来等于汇款金额',
    );
    expect([messageYuan(5), messageYuan(150), messageYuan(1_000_000)]).toEqual(['0.05', '1.50', '10000']);
  });

  it('sends a member’s name trimmed, none for the unit’s own line; holds a member to a fixed amount', () => {
    expect(
      toLineInputs([
        { name: ' 张伟 ', anonymous: false, amount: '1', phone: ' 138 1234 1234 ' },
        { name: '', anonymous: true, amount: '1', phone: '' },
        { name: '', anonymous: false, amount: '8', phone: '' },
      ]),
    ).toEqual([
      { name: '张伟', anonymous: false, amountFen: 100, phone: '13812341234' },
      { anonymous: true, amountFen: 100 },
      { anonymous: false, amountFen: 800 },
    ]);
    const row = (over: Partial<LineRow>): LineRow => ({
      name: '张伟',
      anonymous: false,
      amount: '1',
      phone: '',
      ...over,
    });
    expect(rowProblem(row({ amount: '2' }), 1, 100)).toBe('每人固定 1 元，第 2 行是 2 元');
    expect(rowProblem(row({ name: '', amount: '8' }), 2, 100)).toBeNull();
    expect(rowProblem(row({ amount: '' }), 0, null)).toBe('第 1 行的金额须为大于 0 的金额（元，最多两位小数）');
    expect(rowProblem(row({ phone: '1381234' }), 3, null)).toBe('第 4 行的手机号须为 11 位中国大陆手机号码（1 开头）');
    expect(rowProblem(row({ name: '', phone: '13812341234' }), 0, null)).toBe('第 1 行是以单位名义的捐赠，不填手机号');
    expect(rowProblem(row({ phone: '13812341234' }), 0, null)).toBeNull();
  });
});
