import { describe, expect, it } from 'vitest';
import { differenceMessage, messageYuan, parseLines, rowProblem, toLineInputs, totalFen } from './remittance-lines';

describe('汇款明细', () => {
  it('reads 姓名,金额[,匿名] pasted from Excel (tabs) or a CSV (quoted amounts), skipping the header', () => {
    expect(parseLines('姓名\t金额\t匿名\n张伟\t100\t否\n李娜\t1,000.5\t是\n\t20\t\n')).toEqual({
      rows: [
        { name: '张伟', anonymous: false, amount: '100' },
        { name: '李娜', anonymous: true, amount: '1000.5' },
        { name: '', anonymous: false, amount: '20' },
      ],
      problems: [],
    });
    expect(parseLines('\uFEFF姓名,金额\r\n王芳,"1,200.00"\r\n赵磊，0.29，匿名\r\n').rows).toEqual([
      { name: '王芳', anonymous: false, amount: '1200.00' },
      { name: '赵磊', anonymous: true, amount: '0.29' },
    ]);
  });

  it('names each line that does not parse by its line number in the text, header counted', () => {
    expect(parseLines('姓名,金额,匿名\n张伟,100\n李娜,1.234\n\n王芳,50,也许\n赵磊,0\n孙丽,5,否,多余').problems).toEqual(
      [
        '第 3 行：金额「1.234」不是大于 0 的金额（元，最多两位小数）',
        '第 5 行：匿名一列须写 是 或 否，不是「也许」',
        '第 6 行：金额「0」不是大于 0 的金额（元，最多两位小数）',
        '第 7 行：多出了列，每行只写 姓名,金额[,匿名]',
      ],
    );
    expect(parseLines('\n  \n').problems).toEqual(['没有读到任何明细：每行写 姓名,金额[,匿名]']);
  });

  it('adds the lines in fen and words the difference as the server does', () => {
    const rows = [
      { name: '张伟', anonymous: false, amount: '100.10' },
      { name: '李娜', anonymous: false, amount: '0.2' },
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
        { name: ' 张伟 ', anonymous: false, amount: '1' },
        { name: '', anonymous: true, amount: '1' },
        { name: '', anonymous: false, amount: '8' },
      ]),
    ).toEqual([
      { name: '张伟', anonymous: false, amountFen: 100 },
      { anonymous: true, amountFen: 100 },
      { anonymous: false, amountFen: 800 },
    ]);
    expect(rowProblem({ name: '张伟', anonymous: false, amount: '2' }, 1, 100)).toBe('每人固定 1 元，第 2 行是 2 元');
    expect(rowProblem({ name: '', anonymous: false, amount: '8' }, 2, 100)).toBeNull();
    expect(rowProblem({ name: '张伟', anonymous: false, amount: '' }, 0, null)).toBe(
      '第 1 行的金额须为大于 0 的金额（元，最多两位小数）',
    );
  });
});
