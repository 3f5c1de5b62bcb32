import { isUnifiedSocialCreditCode } from './official-receipt.service';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it.each(['91440300708461136T', '91350100M000100Y43', '91330100716105852F', '911100001000079554'])(
    'takes %s, a code in use',
    (code) => {
      expect(isUnifiedSocialCreditCode(code)).toBe(true);
    },
  );

  it.each([
    ['a wrong check character', '91440300708461136X'],
    ['two characters swapped', '91440300780461136T'],
    ['a letter the standard leaves out (I)', '9144030070846113IT'],
    ['17 characters', '9144030070846113T'],
    ['lower case', '91350100m000100y43'],
  ])('refuses %s', (_what, code) => {
    expect(isUnifiedSocialCreditCode(code)).toBe(false);
  });
});
