import { parseTc3Authorization, tc3Date, tc3Sign, tc3SignatureEquals } from './tc3-sign';

/**
 * Tencent's own worked example in "Signature v3" (签名方法 v3) of the API 3.0 documentation (the
 * CVM DescribeInstances call, e.g. https://tencentcloud.com/document/product/1026/31038): the
 * example key, the timestamp 1551113065 and every intermediate value the page prints.
 */
const TENCENT_EXAMPLE = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
  service: 'cvm',
  host: 'cvm.tencentcloudapi.com',
  timestamp: 1551113065,
  // The body as the page sends it: spaces after the separators, the Chinese escaped as \u.
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
};

describe('TC3-HMAC-SHA256', () => {
  it("reproduces Tencent's published example, step by step", () => {
    const signed = tc3Sign(TENCENT_EXAMPLE);
    expect(signed.canonicalRequest).toBe(
      [
        'POST',
        '/',
        '',
        'content-type:application/json; charset=utf-8',
        'host:cvm.tencentcloudapi.com',
        '',
        'content-type;host',
        '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
      ].join('\n'),
    );
    expect(signed.credentialScope).toBe('2019-02-25/cvm/tc3_request');
    expect(signed.stringToSign).toBe(
      [
        'TC3-HMAC-SHA256',
        '1551113065',
        '2019-02-25/cvm/tc3_request',
        '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
      ].join('\n'),
    );
    expect(signed.signature).toBe('72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });

  it('takes the credential date in UTC: 00:44 in Beijing on the 26th is still the 25th', () => {
    expect(tc3Date(1551113065)).toBe('2019-02-25');
    expect(tc3Date(1551139200)).toBe('2019-02-26');
  });

  it('signs the bytes and the host it is given: another body, host or key is another signature', () => {
    const base = tc3Sign(TENCENT_EXAMPLE).signature;
    expect(tc3Sign({ ...TENCENT_EXAMPLE, payload: TENCENT_EXAMPLE.payload.replace(': 1', ':1') }).signature).not.toBe(
      base,
    );
    expect(tc3Sign({ ...TENCENT_EXAMPLE, host: '127.0.0.1:3000' }).signature).not.toBe(base);
    expect(tc3Sign({ ...TENCENT_EXAMPLE, secretKey: 'another' }).signature).not.toBe(base);
    // Header values are lower-cased in the canonical request, as the page says.
    expect(tc3Sign({ ...TENCENT_EXAMPLE, host: 'CVM.TencentCloudAPI.com' }).signature).toBe(base);
    expect(tc3Sign({ ...TENCENT_EXAMPLE, payload: Buffer.from(TENCENT_EXAMPLE.payload) }).signature).toBe(base);
  });

  it('reads back the parts of the Authorization it writes, and nothing else', () => {
    expect(parseTc3Authorization(tc3Sign(TENCENT_EXAMPLE).authorization)).toEqual({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      date: '2019-02-25',
      service: 'cvm',
      signedHeaders: 'content-type;host',
      signature: '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    });
    expect(parseTc3Authorization(undefined)).toBeUndefined();
    expect(parseTc3Authorization('Bearer abc')).toBeUndefined();
    expect(parseTc3Authorization('TC3-HMAC-SHA256 Credential=AKID/2019-02-25/cvm/tc3_request')).toBeUndefined();
    expect(tc3SignatureEquals('ab', 'ab')).toBe(true);
    expect(tc3SignatureEquals('ab', 'abc')).toBe(false);
  });
});
