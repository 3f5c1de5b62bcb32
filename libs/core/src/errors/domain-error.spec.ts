import { ErrorCode, ForbiddenError, InputError, NotFoundError, UnauthenticatedError } from './domain-error';
import { yuan } from './yuan';

describe('domain errors', () => {
  it('names what was not found in Chinese, after the field', () => {
    expect(new NotFoundError('Campaign', 'c-1', 'input.campaignId')).toMatchObject({
      code: ErrorCode.NOT_FOUND,
      field: 'input.campaignId',
      message: 'input.campaignId: 找不到项目 c-1',
    });
    expect(new NotFoundError('Donation', 'SC20261203').message).toBe('找不到捐赠 SC20261203');
    // A word the table does not know yet still reads as Chinese around it.
    expect(new NotFoundError('Widget', 'w-1').message).toBe('找不到记录（Widget） w-1');
  });

  it('says no and asks to sign in, in Chinese, by default', () => {
    expect(new ForbiddenError()).toMatchObject({ code: ErrorCode.FORBIDDEN, message: '你没有权限进行这项操作' });
    expect(new UnauthenticatedError().message).toMatch(/^请先登录/);
  });

  it('starts an input error with its field once', () => {
    expect(new InputError('input.goalFen', '目标金额须为大于 0 的整数').message).toBe(
      'input.goalFen: 目标金额须为大于 0 的整数',
    );
    expect(new InputError('input.goalFen', 'input.goalFen: 不能为空').message).toBe('input.goalFen: 不能为空');
  });

  it('writes fen as yuan for a message', () => {
    expect([yuan(100), yuan(150), yuan(1), yuan('5000000')]).toEqual(['1', '1.50', '0.01', '50000']);
  });
});
