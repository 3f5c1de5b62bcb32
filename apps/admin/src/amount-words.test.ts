import { describe, expect, it } from 'vitest';
import { amountInWords } from './amount-words';

describe('大写金额', () => {
  it('writes 元, 角 and 分, with 整 when there are no 分', () => {
    expect(amountInWords(12_345)).toBe('壹佰贰拾叁元肆角伍分');
    expect(amountInWords(10_000)).toBe('壹佰元整');
    expect(amountInWords(150)).toBe('壹元伍角整');
    expect(amountInWords(105)).toBe('壹元零伍分');
    expect(amountInWords(5)).toBe('伍分');
    expect(amountInWords(50)).toBe('伍角整');
    expect(amountInWords(1_000)).toBe('壹拾元整');
    expect(amountInWords(0)).toBe('零元整');
  });

  it('says one 零 for each run of zeros inside the number, none at its end', () => {
    expect(amountInWords(100_500)).toBe('壹仟零伍元整');
    expect(amountInWords(101_000)).toBe('壹仟零壹拾元整');
    expect(amountInWords(100_100)).toBe('壹仟零壹元整');
    // A zero 元 place before 角 may go unsaid (《支付结算办法》 allows either).
    expect(amountInWords(200_050)).toBe('贰仟元伍角整');
    expect(amountInWords(123_400)).toBe('壹仟贰佰叁拾肆元整');
  });

  it('groups by 万 and 亿', () => {
    expect(amountInWords(1_000_000)).toBe('壹万元整');
    expect(amountInWords(1_000_500)).toBe('壹万零伍元整');
    expect(amountInWords(1_050_000)).toBe('壹万零伍佰元整');
    expect(amountInWords(1_500_000)).toBe('壹万伍仟元整');
    expect(amountInWords(10_001_000)).toBe('壹拾万零壹拾元整');
    expect(amountInWords(1_234_567_89)).toBe('壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分');
    expect(amountInWords(10_010_000_000)).toBe('壹亿零壹拾万元整');
    expect(amountInWords(100_000_000_000)).toBe('壹拾亿元整');
  });

  it('refuses what is not an amount in fen', () => {
    expect(() => amountInWords(-1)).toThrow(RangeError);
    expect(() => amountInWords(1.5)).toThrow(RangeError);
  });
});
