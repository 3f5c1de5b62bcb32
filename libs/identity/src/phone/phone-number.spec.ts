import { ErrorCode } from '@shanchou/core';
import { mainlandMobile, maskPhone } from './phone-number';

describe('mainland mobile numbers', () => {
  it('reads a number as people type it', () => {
    expect(mainlandMobile('138 0013 8000', 'phone')).toBe('13800138000');
    expect(mainlandMobile('+86 138-0013-8000', 'phone')).toBe('13800138000');
    expect(mainlandMobile('008613800138000', 'phone')).toBe('13800138000');
  });

  it.each(['1380013800', '23800138000', '12800138000', '138001380001', '0531-8888888', ''])(
    'refuses %j naming the field',
    (raw) => {
      let thrown: unknown;
      try {
        mainlandMobile(raw, 'input.phone');
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, field: 'input.phone' });
    },
  );

  it('masks the middle four digits', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
  });
});
