import { InputError } from '@shanchou/core';
import { MAX_ROSTER_MEMBERS, parseCsv, parseRoster } from './roster-csv';

function refusal(text: string): string {
  try {
    parseRoster(text);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('the roster was accepted');
}

describe('parseCsv', () => {
  it('reads quoted values with commas, doubled quotes and line breaks, and skips blank lines', () => {
    const records = parseCsv('\ufeffa,b\r\n"x, y","say ""hi"""\n\n"two\nlines",z\n');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 4, cells: ['two\nlines', 'z'] },
    ]);
  });

  it('refuses a quote that is never closed, naming its line and its column by the header', () => {
    expect(() => parseCsv('姓名,工号\n"张三,A1\n')).toThrow('第 2 行「姓名」的引号没有闭合');
    expect(() => parseCsv('姓名,"工号\n张三,1\n')).toThrow('第 1 行「第 2 列」的引号没有闭合');
  });
});

describe('parseRoster', () => {
  it('takes 姓名 with optional 工号 and 手机号, in any column order, and keeps no phone', () => {
    const lines = parseRoster('手机号,工号,姓名\n13800000001,A01,张伟\n,A02,李娜\n13800000003,,张伟\n');
    expect(lines).toEqual([
      { line: 2, name: '张伟', memberNo: 'A01' },
      { line: 3, name: '李娜', memberNo: 'A02' },
      { line: 4, name: '张伟', memberNo: null },
    ]);
  });

  it('accepts English headers', () => {
    expect(parseRoster('name,memberNo\nWang Fang,7\n')).toEqual([{ line: 2, name: 'Wang Fang', memberNo: '7' }]);
  });

  // Every way parseRoster refuses a file: each in Chinese, with the line (and the column by its header when there is one).
  const refusals: [string, string, string][] = [
    ['an empty file', '', '第 1 行：文件是空的'],
    ['blank lines only', '\n \n', '第 1 行：文件是空的'],
    ['a header without 姓名', '编号,手机号\n1,13800000001\n', '第 1 行：表头没有「姓名」列（收到：编号、手机号）'],
    ['a header after a blank line, without 姓名', '\n工号\n1\n', '第 2 行：表头没有「姓名」列'],
    ['a header but no members', '姓名\n', '第 2 行：没有成员'],
    ['more values than columns', '姓名\n张三,extra\n', '第 2 行：有 2 个值，比表头的 1 列多'],
    ['an empty 姓名', '姓名,工号\n张三,1\n ,2\n', '第 3 行「姓名」为空'],
    ['an empty name under an English header', 'Name,memberNo\n\n,7\n', '第 3 行「Name」为空'],
    ['a 姓名 too long', `姓名\n${'张'.repeat(51)}\n`, '第 2 行「姓名」超过 50 个字'],
    ['a 工号 too long', `姓名,工号\n张三,${'1'.repeat(51)}\n`, '第 2 行「工号」超过 50 个字'],
    ['a 手机号 that is not a mobile number', '姓名,手机号\n张三,12345\n', '第 2 行「手机号」不是 11 位手机号码：12345'],
    ['a 编号 twice', '姓名,编号\n张三,1\n李四,1\n', '第 3 行「编号」1 与第 2 行重复'],
    [
      'the same person twice',
      '姓名,电话\n张三,138 0000 0001\n张三,138-0000-0001\n',
      '第 3 行：与第 2 行是同一人（「姓名」和「电话」都相同）',
    ],
    ['a quote never closed', '姓名,工号\n张三,1\n"李四,2\n', '第 3 行「姓名」的引号没有闭合'],
    [
      'a roster over the limit',
      `姓名\n${'某人\n'.repeat(MAX_ROSTER_MEMBERS + 1)}`,
      `第 ${MAX_ROSTER_MEMBERS + 2} 行：超出上限`,
    ],
  ];
  it.each(refusals)('refuses %s in Chinese, naming the line: %j → %s', (_what, text, expected) => {
    const message = refusal(text);
    expect(message).toMatch(/\p{Script=Han}/u);
    expect(message).toMatch(/第 \d+ 行/);
    expect(message).toContain(expected);
    expect(message).not.toMatch(/\bline\b/);
  });

  it('says how many members a roster over the limit has', () => {
    expect(refusal(`姓名\n${'某人\n'.repeat(MAX_ROSTER_MEMBERS + 1)}`)).toContain(
      `一份花名册最多 ${MAX_ROSTER_MEMBERS} 人，文件有 ${MAX_ROSTER_MEMBERS + 1} 人`,
    );
  });
});
