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

  it('refuses a quote that is never closed, naming its line', () => {
    expect(() => parseCsv('a\n"open,b\n')).toThrow('line 2: a quoted value is never closed');
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

  it('refuses what a clerk gets wrong, naming the line', () => {
    expect(refusal('')).toContain('is empty');
    expect(refusal('编号,手机号\n1,13800000001\n')).toContain('no 姓名 (name) column');
    expect(refusal('姓名\n')).toContain('no members');
    expect(refusal('姓名,工号\n张三,1\n ,2\n')).toContain('line 3: 姓名 is empty');
    expect(refusal('姓名,工号\n张三,1\n李四,1\n')).toContain('line 3: 编号 1 is already on line 2');
    expect(refusal('姓名,手机号\n张三,138 0000 0001\n张三,138-0000-0001\n')).toContain(
      'line 3: the same person as line 2',
    );
    expect(refusal('姓名,手机号\n张三,12345\n')).toContain('line 2: 手机号 must be an 11-digit mobile number');
    expect(refusal('姓名\n张三,extra\n')).toContain('line 2: 2 values for 1 columns');
  });

  it('refuses a roster over the limit', () => {
    const text = `姓名\n${'某人\n'.repeat(MAX_ROSTER_MEMBERS + 1)}`;
    expect(refusal(text)).toContain(`at most ${MAX_ROSTER_MEMBERS}`);
  });
});
