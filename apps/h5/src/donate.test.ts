import { describe, expect, it } from 'vitest';
import { ApiError } from './api/graphql';
import { checkoutProblem, chosenAmount, offeredAmounts } from './donate';
import { ONE_DAY_PAY, PARTY_DUES } from './testing/fixtures';

describe('the amount of a gift', () => {
  it('offers the suggestions of 慈心一日捐 and the fixed 1 yuan of 一元爱心党费', () => {
    expect(offeredAmounts(ONE_DAY_PAY)).toEqual([1000, 5000, 10000, 20000]);
    expect(offeredAmounts(PARTY_DUES)).toEqual([100]);
  });

  it('takes a suggestion, or what was typed within the campaign’s limits', () => {
    expect(chosenAmount(ONE_DAY_PAY, 5000, '')).toEqual({ fen: 5000 });
    expect(chosenAmount(ONE_DAY_PAY, null, '88.8')).toEqual({ fen: 8880 });
    expect(chosenAmount(ONE_DAY_PAY, null, '50001')).toEqual({ problem: '单笔最多捐 ¥50,000.00，更多请分几次捐' });
    expect(chosenAmount({ ...ONE_DAY_PAY, minAmountFen: 1000 }, null, '5')).toEqual({
      problem: '每次至少捐 ¥10.00',
    });
    expect(chosenAmount(ONE_DAY_PAY, null, 'abc')).toEqual({ problem: '金额只能是数字，最多两位小数' });
  });

  it('is always exactly 1 yuan for 一元爱心党费, whatever was typed', () => {
    expect(chosenAmount(PARTY_DUES, null, '500')).toEqual({ fen: 100 });
  });

  it('tells the donor why the server refused, in words they can act on', () => {
    expect(checkoutProblem(new ApiError('FORBIDDEN', 'x', 'Too many payments started in a minute'))).toMatch(/一分钟/);
    expect(checkoutProblem(new ApiError('BAD_USER_INPUT', 'x', 'closed', 'input.campaignId'))).toMatch(/不接受捐赠/);
    expect(checkoutProblem(new ApiError('NOT_FOUND', 'x', 'gone', 'input.organizationId'))).toMatch(/单位已不存在/);
  });
});
