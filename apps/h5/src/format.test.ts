import { describe, expect, it } from 'vitest';
import { compactYuan, currentYear, dateTimeText, parseYuan, percentOf, yuan } from './format';

describe('money on the page', () => {
  it('shows fen as yuan with grouping and two places, never through floating point', () => {
    expect(yuan(0)).toBe('0.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(123456)).toBe('1,234.56');
    expect(yuan(-1000)).toBe('-10.00');
    expect(yuan(900719925474099)).toBe('9,007,199,254,740.99');
    expect(compactYuan(50_000_000)).toBe('50.00万');
    expect(compactYuan(99_999)).toBe('999.99');
  });

  it('reads what a donor typed as whole fen, and says what is wrong in Chinese', () => {
    expect(parseYuan('50')).toEqual({ ok: true, fen: 5000 });
    expect(parseYuan(' 0.1 ')).toEqual({ ok: true, fen: 10 });
    expect(parseYuan('19.99')).toEqual({ ok: true, fen: 1999 });
    expect(parseYuan('1.005')).toEqual({ ok: false, reason: '金额只能是数字，最多两位小数' });
    expect(parseYuan('')).toEqual({ ok: false, reason: '请输入捐赠金额' });
    expect(parseYuan('0')).toEqual({ ok: false, reason: '金额要大于 0' });
    expect(parseYuan('-5')).toMatchObject({ ok: false });
    expect(parseYuan('1e3')).toMatchObject({ ok: false });
  });

  it('shows progress toward a goal, capped at 100, none without a goal', () => {
    expect(percentOf(1_234_500, 50_000_000)).toBe(2);
    expect(percentOf(60_000_000, 50_000_000)).toBe(100);
    expect(percentOf(100, null)).toBeNull();
  });
});

describe('time on the page', () => {
  it('is Beijing time whatever the phone says', () => {
    expect(dateTimeText('2026-05-01T16:30:00.000Z')).toBe('2026/05/02 00:30');
    expect(currentYear(new Date('2026-12-31T16:00:00.000Z'))).toBe(2027);
  });
});
