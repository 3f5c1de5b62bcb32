import { ConflictError, ErrorCode, InputError } from '@shanchou/core';
import { SmsUnavailableError, tc3Sign, TencentSmsSender } from '@shanchou/identity';
import { captureLogs, createTestApp, TestApp } from '@shanchou/test';

interface SimSms {
  phone: string;
  templateId: string;
  params: string[];
  receivedAt: string;
}

/**
 * Verification codes by text message through the Tencent Cloud SMS stand-in: the production
 * client (TencentSmsSender) against a stand-in that checks what Tencent checks and refuses as
 * Tencent refuses.
 */
describe('text messages through the Tencent Cloud SMS stand-in', () => {
  let t: TestApp;
  let sender: TencentSmsSender;
  let logs: Record<string, unknown>[];
  let sim: string;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    const captured = captureLogs('info', 'sms-test');
    logs = captured.lines;
    sender = new TencentSmsSender(t.config, captured.log);
    sim = `${t.baseUrl}/wechat-sim`;
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    const res = await fetch(`${sim}/_sim/sms/reset`, { method: 'POST' });
    expect(res.status).toBe(204);
    logs.length = 0;
  });

  async function received(phone: string): Promise<SimSms[]> {
    const res = await fetch(`${sim}/_sim/sms?phone=${phone}`);
    return (await res.json()) as SimSms[];
  }

  async function refusal(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (err) {
      return err as Error;
    }
    throw new Error('expected the send to be refused');
  }

  /** A SendSms request as the sender makes it, with one part changed. */
  async function raw(change: { secretKey?: string; timestamp?: number; host?: string } = {}) {
    const url = new URL(`${t.config.sms.baseUrl}/`);
    const { sms } = t.config;
    const body = JSON.stringify({
      PhoneNumberSet: ['+8613800138099'],
      SmsSdkAppId: sms.sdkAppId,
      SignName: sms.signName,
      TemplateId: sms.verifyTemplateId,
      TemplateParamSet: ['246810', '5'],
    });
    const timestamp = change.timestamp ?? Math.floor(Date.now() / 1000);
    const { authorization } = tc3Sign({
      secretId: sms.secretId,
      secretKey: change.secretKey ?? sms.secretKey,
      service: 'sms',
      host: change.host ?? url.host,
      timestamp,
      payload: body,
    });
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        authorization,
        'content-type': 'application/json; charset=utf-8',
        'x-tc-action': 'SendSms',
        'x-tc-timestamp': String(timestamp),
        'x-tc-version': '2021-01-11',
        'x-tc-region': 'ap-guangzhou',
      },
      body,
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { Response: { Error?: { Code: string }; SendStatusSet?: { Code: string }[] } };
  }

  it('delivers the code in the verification template, and never logs the code or the whole number', async () => {
    await sender.sendVerificationCode('13800138000', '482913', 5);
    const messages = await received('13800138000');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      phone: '13800138000',
      templateId: t.config.sms.verifyTemplateId,
      params: ['482913', '5'],
    });
    expect(Date.now() - Date.parse(messages[0].receivedAt)).toBeLessThan(10_000);
    expect(await received('13900139000')).toEqual([]);
    const written = JSON.stringify(logs);
    expect(written).toContain('138****8000');
    expect(written).not.toContain('482913');
    expect(written).not.toContain('13800138000');
  });

  it('refuses a second message to the same number within 30 seconds, in Chinese', async () => {
    await sender.sendVerificationCode('13800138001', '111111', 5);
    const err = await refusal(sender.sendVerificationCode('13800138001', '222222', 5));
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.message).toBe('发送过于频繁，请 30 秒后再试');
    expect(await received('13800138001')).toHaveLength(1);
    // Another number is not held back.
    await sender.sendVerificationCode('13800138002', '333333', 5);
  });

  it('says which field is wrong when Tencent cannot reach the number', async () => {
    const err = await refusal(sender.sendVerificationCode('12800138000', '123456', 5));
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ field: 'phone', code: ErrorCode.BAD_USER_INPUT });
    expect(err.message).toBe('phone: 手机号码格式不正确');
    expect(await received('12800138000')).toEqual([]);
  });

  it('refuses a request signed with the wrong key, for another host, or six minutes ago', async () => {
    expect((await raw()).Response.SendStatusSet?.[0]?.Code).toBe('Ok');
    await fetch(`${sim}/_sim/sms/reset`, { method: 'POST' });
    expect((await raw({ secretKey: 'not-the-key-of-this-secret-id' })).Response.Error?.Code).toBe(
      'AuthFailure.SignatureFailure',
    );
    expect((await raw({ host: 'sms.tencentcloudapi.com' })).Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 360;
    expect((await raw({ timestamp: sixMinutesAgo })).Response.Error?.Code).toBe('AuthFailure.SignatureExpire');
    expect(await received('13800138099')).toEqual([]);
  });

  it('refuses a body changed after signing, another SecretId, and no Authorization at all', async () => {
    const { sms } = t.config;
    const url = new URL(`${sms.baseUrl}/`);
    const timestamp = Math.floor(Date.now() / 1000);
    const signedBody = JSON.stringify({
      PhoneNumberSet: ['+8613800138098'],
      SmsSdkAppId: sms.sdkAppId,
      SignName: sms.signName,
      TemplateId: sms.verifyTemplateId,
      TemplateParamSet: ['135790', '5'],
    });
    const send = async (authorization: string | undefined, body = signedBody) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          ...(authorization ? { authorization } : {}),
          'content-type': 'application/json; charset=utf-8',
          'x-tc-action': 'SendSms',
          'x-tc-timestamp': String(timestamp),
          'x-tc-version': '2021-01-11',
          'x-tc-region': 'ap-guangzhou',
        },
        body,
      });
      return ((await res.json()) as { Response: { Error?: { Code: string } } }).Response.Error?.Code;
    };
    const sign = (secretId: string) =>
      tc3Sign({ secretId, secretKey: sms.secretKey, service: 'sms', host: url.host, timestamp, payload: signedBody })
        .authorization;
    // The same JSON with other spacing is other bytes: the signature covers the bytes received.
    const respaced = JSON.stringify(JSON.parse(signedBody), null, 1);
    expect(await send(sign(sms.secretId), respaced)).toBe('AuthFailure.SignatureFailure');
    expect(await send(sign('AKIDnotTheSecretIdOfThisAccount0000'))).toBe('AuthFailure.SecretIdNotFound');
    expect(await send(undefined)).toBe('AuthFailure.SignatureFailure');
    expect(await received('13800138098')).toEqual([]);
  });

  it('is unavailable, not wrong, while Tencent is down; and logs why', async () => {
    const down = await fetch(`${sim}/_sim/sms/outage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ seconds: 60 }),
    });
    expect(down.status).toBe(200);
    const err = await refusal(sender.sendVerificationCode('13800138003', '654321', 5));
    expect(err).toBeInstanceOf(SmsUnavailableError);
    expect(err).toMatchObject({ code: ErrorCode.SERVICE_UNAVAILABLE, message: '短信服务暂时不可用，请稍后重试' });
    const line = logs.find((l) => l.msg === 'Tencent Cloud SMS refused to send');
    expect(line).toMatchObject({ level: 'error', code: 'InternalError.Timeout', phone: '138****8003' });
    expect(line?.requestId).toEqual(expect.any(String));
    // Reset ends the outage.
    await fetch(`${sim}/_sim/sms/reset`, { method: 'POST' });
    await sender.sendVerificationCode('13800138003', '654321', 5);
  });

  it('is unavailable when the key, the signature name or the template is not the approved one, logging why', async () => {
    for (const [change, code] of [
      [{ secretKey: 'another-secret-key-entirely' }, 'AuthFailure.SignatureFailure'],
      [{ secretId: 'AKIDnotTheSecretIdOfThisAccount0000' }, 'AuthFailure.SecretIdNotFound'],
      [{ sdkAppId: '1400999999' }, 'UnauthorizedOperation.SmsSdkAppIdVerifyFail'],
      [{ signName: '别的签名' }, 'FailedOperation.SignatureIncorrectOrUnapproved'],
      [{ verifyTemplateId: '999' }, 'FailedOperation.TemplateIncorrectOrUnapproved'],
    ] as const) {
      const config = Object.assign(Object.create(t.config) as TestApp['config'], {
        sms: { ...t.config.sms, ...change },
      });
      const { log, lines } = captureLogs('error');
      const err = await refusal(new TencentSmsSender(config, log).sendVerificationCode('13800138004', '123456', 5));
      expect(err).toBeInstanceOf(SmsUnavailableError);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ code, phone: '138****8004' });
      expect(typeof lines[0]?.requestId).toBe('string');
    }
    expect(await received('13800138004')).toEqual([]);
  });

  it('refuses a code of more than six digits, as Tencent refuses it in a verification template, and paths that are not the API', async () => {
    const err = await refusal(sender.sendVerificationCode('13800138006', '1234567', 5));
    expect(err).toBeInstanceOf(SmsUnavailableError);
    expect(logs).toContainEqual(
      expect.objectContaining({ code: 'InvalidParameterValue.TemplateParameterFormatError' }),
    );
    const elsewhere = await fetch(`${sim}/tencent-sms/v2`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(elsewhere.status).toBe(404);
    expect(JSON.stringify(t.logs)).not.toMatch(/already sent/i);
  });

  it('is unavailable when nothing answers in time or at all', async () => {
    const nowhere = Object.assign(Object.create(t.config) as TestApp['config'], {
      sms: { ...t.config.sms, baseUrl: 'http://127.0.0.1:9/tencent-sms' },
    });
    const err = await refusal(
      new TencentSmsSender(nowhere, captureLogs('silent').log).sendVerificationCode('13800138005', '1', 5),
    );
    expect(err).toBeInstanceOf(SmsUnavailableError);
  });
});
