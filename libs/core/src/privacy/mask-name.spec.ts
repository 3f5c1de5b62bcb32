import { maskName } from './mask-name';

describe('maskName', () => {
  it('keeps the first character and stars the rest, at least one star', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName(' 欧阳娜娜 ')).toBe('欧***');
    expect(maskName('王')).toBe('王*');
    expect(maskName('𠀋一')).toBe('𠀋*');
    expect(maskName('  ')).toBe('');
  });
});
