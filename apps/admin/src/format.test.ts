import { describe, expect, it } from 'vitest';
import {
  fenToInput,
  formatDateTime,
  formatSignedYuan,
  formatYuan,
  fromShanghaiInput,
  parseYuan,
  parseYuanList,
  shanghaiDay,
} from './format';

describe('amounts typed in 元, sent as fen', () => {
  it('shows a difference with its sign', () => {
    expect(formatSignedYuan(123_456)).toBe('+1,234.56');
    expect(formatSignedYuan(-5)).toBe('-0.05');
    expect(formatSignedYuan(0)).toBe('0.00');
  });
  it('reads the string, never a float: 0.29 元 is 29 fen, 1,234.5 is 123450', () => {
    expect(parseYuan('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 as a float
    expect(parseYuan('1,234.5')).toBe(123450);
    expect(parseYuan(' 100 ')).toBe(10000);
    expect(parseYuan('19.99')).toBe(1999);
  });
  it('refuses what is not an amount', () => {
    for (const bad of ['', '-1', '1.234', 'abc', '1e3', '12.', '.5']) expect(parseYuan(bad)).toBeNull();
  });
  it('shows fen as 元 and back as typed', () => {
    expect(formatYuan(123450)).toBe('1,234.50');
    expect(formatYuan(null)).toBe('—');
    expect(fenToInput(123450)).toBe('1234.5');
    expect(fenToInput(1999)).toBe('19.99');
    expect(parseYuanList('10, 50，100')).toEqual([1000, 5000, 10000]);
    expect(parseYuanList('10, x')).toBeNull();
  });
});

describe('times in Asia/Shanghai, whatever the browser’s zone', () => {
  it('shows an instant as Beijing time', () => {
    expect(formatDateTime('2026-12-03T16:30:00Z')).toBe('2026-12-04 00:30');
  });
  it('reads a picked time as Beijing time', () => {
    expect(fromShanghaiInput('2026-12-04 00:30')).toBe('2026-12-03T16:30:00.000Z');
    expect(fromShanghaiInput('')).toBeNull();
  });
  it('names the business day in Beijing', () => {
    expect(shanghaiDay(new Date('2026-12-03T17:00:00Z'))).toBe('2026-12-04');
    expect(shanghaiDay(new Date('2026-12-03T17:00:00Z'), 1)).toBe('2026-12-03');
  });
});
