import { generateKeyPairSync } from 'node:crypto';
import Pay from 'wechatpay-node-v3';
import { MerchantPay } from './wechatpay.client';
import { requestMessage, rsaVerify } from './wechatpay-crypto';

describe('MerchantPay: wechatpay-node-v3 signing with the key parsed once', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pay = new MerchantPay(
    {
      appid: 'wxshanchoudemo01',
      mchid: '1900000109',
      serial_no: '3775B6A45ACD588826D15E583A95F5DD00000001',
      publicKey: Buffer.from(rsa.publicKey.export({ type: 'spki', format: 'pem' })),
      privateKey: Buffer.from(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' })),
    },
    rsa.privateKey,
  );

  it('signs exactly as the package does with the PEM bytes (SHA256-RSA2048 is deterministic)', () => {
    for (const text of ['', 'POST\n/v3/pay/transactions/jsapi\n1700000000\nNONCE\n{"a":1}\n', '中文 ✓']) {
      expect(pay.sha256WithRsa(text)).toBe(Pay.prototype.sha256WithRsa.call(pay, text));
    }
  });

  it("builds a request Authorization that verifies with the merchant's public key", () => {
    const url = 'https://api.mch.weixin.qq.com/v3/pay/transactions/jsapi';
    const body = { out_trade_no: 'SC1', amount: { total: 1000 } };
    // buildAuthorization is protected: the package calls it for every request it signs.
    const authorization = (
      pay as unknown as { buildAuthorization(method: string, url: string, body: object): string }
    ).buildAuthorization('POST', url, body);
    const fields = Object.fromEntries(
      [...authorization.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]] as [string, string]),
    );
    const message = requestMessage(
      'POST',
      '/v3/pay/transactions/jsapi',
      fields.timestamp,
      fields.nonce_str,
      JSON.stringify(body),
    );
    expect(rsaVerify(message, fields.signature, rsa.publicKey)).toBe(true);
    expect(rsaVerify(message.replace('1000', '1001'), fields.signature, rsa.publicKey)).toBe(false);
  });

  it('sends the JSAPI order signed once, with appid and mchid, and hands back WeChat Pay’s answer as it came', async () => {
    const sent: { url: string; params: Record<string, unknown>; headers: Record<string, string> }[] = [];
    const order = new MerchantPay(
      {
        appid: 'wxshanchoudemo01',
        mchid: '1900000109',
        serial_no: '3775B6A45ACD588826D15E583A95F5DD00000001',
        publicKey: Buffer.from(rsa.publicKey.export({ type: 'spki', format: 'pem' })),
        privateKey: Buffer.from(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' })),
      },
      rsa.privateKey,
    );
    order.createHttp({
      post: (url: string, params: Record<string, unknown>, headers: Record<string, string>) => {
        sent.push({ url, params, headers });
        return Promise.resolve({ status: 200, data: { prepay_id: 'wx201410272009395522657a690389285100' } });
      },
    } as never);
    const signatures = jest.spyOn(order, 'sha256WithRsa');
    const out = await order.jsapiOrder({ out_trade_no: 'SC1', amount: { total: 1000, currency: 'CNY' } });
    expect(out.data).toEqual({ prepay_id: 'wx201410272009395522657a690389285100' });
    // One signature, the request's: the package's transactions_jsapi also signed a paySign of its own.
    expect(signatures).toHaveBeenCalledTimes(1);
    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe('https://api.mch.weixin.qq.com/v3/pay/transactions/jsapi');
    expect(sent[0].params).toEqual({
      appid: 'wxshanchoudemo01',
      mchid: '1900000109',
      out_trade_no: 'SC1',
      amount: { total: 1000, currency: 'CNY' },
    });
    const fields = Object.fromEntries(
      [...sent[0].headers.Authorization.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]] as [string, string]),
    );
    const message = requestMessage(
      'POST',
      '/v3/pay/transactions/jsapi',
      fields.timestamp,
      fields.nonce_str,
      JSON.stringify(sent[0].params),
    );
    expect(rsaVerify(message, fields.signature, rsa.publicKey)).toBe(true);
  });
});
