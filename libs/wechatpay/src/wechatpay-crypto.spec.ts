import { createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import {
  authorizationHeader,
  decryptResource,
  encryptResource,
  jsapiPayParams,
  parseAuthorization,
  requestMessage,
  responseMessage,
  rsaSign,
  rsaVerify,
  SignedHeaders,
  verifySignedBody,
} from './wechatpay-crypto';

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const platform = rsa();
const merchant = rsa();
const API_V3_KEY = 'shanchouApiV3Key0123456789abcdef';
const SERIAL = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const keys = new Map<string, KeyObject>([[SERIAL, platform.publicKey]]);
const NOW = 1_795_900_000;

function notification(body: string, overrides: Partial<SignedHeaders> = {}, at = NOW): SignedHeaders {
  const timestamp = String(at);
  const nonceStr = 'NONCE123';
  return {
    'wechatpay-timestamp': timestamp,
    'wechatpay-nonce': nonceStr,
    'wechatpay-serial': SERIAL,
    'wechatpay-signature': rsaSign(responseMessage(timestamp, nonceStr, body), platform.privateKey),
    ...overrides,
  };
}

describe('WeChat Pay notifications: signature', () => {
  const body = JSON.stringify({ id: 'EV-2018022511223320873', event_type: 'TRANSACTION.SUCCESS' });

  it('accepts a notification signed by the platform key within five minutes', () => {
    expect(verifySignedBody(notification(body), body, keys, NOW + 299)).toEqual({ ok: true });
  });

  it('refuses a wrong signature, a changed body, an unknown serial and missing headers', () => {
    expect(
      verifySignedBody(
        notification(body, { 'wechatpay-signature': rsaSign('x', merchant.privateKey) }),
        body,
        keys,
        NOW,
      ),
    ).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifySignedBody(notification(body), `${body} `, keys, NOW)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifySignedBody(notification(body, { 'wechatpay-serial': 'FFFF' }), body, keys, NOW)).toEqual({
      ok: false,
      reason: 'unknown serial',
    });
    expect(verifySignedBody({}, body, keys, NOW)).toEqual({ ok: false, reason: 'missing headers' });
  });

  it('refuses a timestamp six minutes old (or ahead)', () => {
    expect(verifySignedBody(notification(body, {}, NOW - 360), body, keys, NOW)).toEqual({
      ok: false,
      reason: 'stale timestamp',
    });
    expect(verifySignedBody(notification(body, {}, NOW + 360), body, keys, NOW)).toEqual({
      ok: false,
      reason: 'stale timestamp',
    });
  });

  it('refuses a WECHATPAY/SIGNTEST/ probe', () => {
    const probe = notification(body, { 'wechatpay-signature': 'WECHATPAY/SIGNTEST/abcdef' });
    expect(verifySignedBody(probe, body, keys, NOW)).toEqual({ ok: false, reason: 'signature probe' });
  });
});

describe('WeChat Pay notifications: AEAD_AES_256_GCM resource', () => {
  const plaintext = JSON.stringify({ out_trade_no: 'SC20261128000001', amount: { total: 100 } });

  it('decrypts what was encrypted under the APIv3 key', () => {
    const resource = encryptResource(API_V3_KEY, plaintext, 'transaction', 'transaction');
    expect(decryptResource(API_V3_KEY, resource)).toBe(plaintext);
  });

  it('refuses one flipped ciphertext bit, a changed tag, other associated data and another key', () => {
    const resource = encryptResource(API_V3_KEY, plaintext, 'transaction', 'transaction');
    const bytes = Buffer.from(resource.ciphertext, 'base64');
    for (const at of [0, 5, bytes.length - 17, bytes.length - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[at] ^= 0x01;
      expect(decryptResource(API_V3_KEY, { ...resource, ciphertext: flipped.toString('base64') })).toBeNull();
    }
    expect(decryptResource(API_V3_KEY, { ...resource, associated_data: 'refund' })).toBeNull();
    expect(decryptResource('another32characterkeyxxxxxxxxxxx', resource)).toBeNull();
    expect(decryptResource(API_V3_KEY, { ...resource, ciphertext: 'AAAA' })).toBeNull();
    expect(decryptResource(API_V3_KEY, { ...resource, algorithm: 'AES_128_CBC' })).toBeNull();
  });
});

describe('merchant request signatures', () => {
  it('builds an Authorization header the other side can parse and verify', () => {
    const body = JSON.stringify({ appid: 'wxshanchoudemo01', out_trade_no: 'SC1' });
    const header = authorizationHeader(
      { mchid: '1900000109', serialNo: 'ABC123', privateKey: merchant.privateKey },
      'POST',
      '/v3/pay/transactions/jsapi',
      body,
      '1795900000',
      'N1',
    );
    const parsed = parseAuthorization(header)!;
    expect(parsed).toMatchObject({ mchid: '1900000109', serialNo: 'ABC123', timestamp: '1795900000', nonceStr: 'N1' });
    const message = requestMessage('POST', '/v3/pay/transactions/jsapi', parsed.timestamp, parsed.nonceStr, body);
    expect(rsaVerify(message, parsed.signature, merchant.publicKey)).toBe(true);
    expect(rsaVerify(message.replace('SC1', 'SC2'), parsed.signature, merchant.publicKey)).toBe(false);
    expect(parseAuthorization('Bearer x')).toBeNull();
  });

  it('signs JSAPI pay parameters as WeixinJSBridge checks them', () => {
    const p = jsapiPayParams(
      'wxshanchoudemo01',
      'wx201410272009395522657a690389285100',
      merchant.privateKey,
      '1414561699',
      '5K8264ILTKCH16CQ2502SI8ZNMTM67VS',
    );
    expect(p.package).toBe('prepay_id=wx201410272009395522657a690389285100');
    expect(p.signType).toBe('RSA');
    const message = `wxshanchoudemo01\n1414561699\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n`;
    expect(rsaVerify(message, p.paySign, createPublicKey(merchant.privateKey))).toBe(true);
  });
});
