import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post, Query, Req, Res } from '@nestjs/common';
import { AppConfig, Public } from '@shanchou/core';
import { parseTc3Authorization, tc3Date, tc3Sign, tc3SignatureEquals } from '@shanchou/identity';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { MAX_OUTAGE_SECONDS } from './sim-outage';
import { pathAtWechat } from './sim-path';
import { SimSms, SmsSimStore } from './sms-sim.store';

interface RawRequest extends FastifyRequest {
  rawBody?: Buffer;
}

/** Tencent refuses a request signed more than five minutes from its clock. */
const MAX_SKEW_SECONDS = 300;
const REGIONS = new Set(['ap-beijing', 'ap-guangzhou', 'ap-nanjing']);
const MAINLAND_MOBILE = /^\+861[3-9]\d{9}$/;
/** Parameters of a verification-code template: digits only, at most six (Tencent's rule for 验证码 templates). */
const VERIFY_PARAM = /^\d{0,6}$/;

type TencentAnswer = { Response: Record<string, unknown> };

function failure(code: string, message: string): TencentAnswer {
  return { Response: { Error: { Code: code, Message: message }, RequestId: randomUUID() } };
}

function header(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

const LIMIT_MESSAGES: Record<string, string> = {
  'LimitExceeded.PhoneNumberThirtySecondLimit':
    'the number of sms messages sent from a single mobile number within 30 seconds exceeds the upper limit',
  'LimitExceeded.PhoneNumberOneHourLimit':
    'the number of sms messages sent from a single mobile number within 1 hour exceeds the upper limit',
  'LimitExceeded.PhoneNumberDailyLimit':
    'the number of sms messages sent from a single mobile number every day exceeds the upper limit',
};

/**
 * Tencent Cloud SMS API 3.0 (sms.tencentcloudapi.com, SendSms 2021-01-11) as the stand-in plays
 * it, at POST /wechat-sim/tencent-sms/. Like Tencent it answers HTTP 200 with Response.Error for
 * a refused call and a SendStatus per number otherwise, and no kinder: the TC3-HMAC-SHA256
 * signature is checked over the exact bytes received and the Host the request came to (the
 * client signs the host it sends to, which at Tencent is sms.tencentcloudapi.com); five minutes
 * of clock skew; only the configured SecretId, SmsSdkAppId, SignName and TemplateId; Tencent's
 * default per-number limits. It accepts only SignedHeaders=content-type;host, which the client sends.
 */
@Public()
@Controller('tencent-sms')
export class SmsSimController {
  constructor(
    private readonly config: AppConfig,
    @Inject(SmsSimStore) private readonly store: SmsSimStore,
  ) {}

  // Nest drops a route's trailing slash; the client posts to the base URL's "/", as to Tencent's
  // host, so the route takes what follows and refuses anything but nothing.
  @Post(['', '*'])
  @HttpCode(200)
  send(@Req() req: RawRequest): TencentAnswer {
    if (!/^\/tencent-sms\/?(\?.*)?$/.test(pathAtWechat(req.url))) throw new NotFoundException();
    const refused = this.refusal(req);
    if (refused) return refused;
    const raw = req.rawBody?.toString('utf8') ?? '';
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return failure(
        'FailedOperation.FailResolvePacket',
        'request packet parsing failed, please check whether the package is correct',
      );
    }
    const { PhoneNumberSet: numbers, SmsSdkAppId, SignName, TemplateId, TemplateParamSet: params } = body;
    for (const [name, value] of Object.entries({ PhoneNumberSet: numbers, SmsSdkAppId, TemplateId })) {
      if (value === undefined)
        return failure('MissingParameter', `The request is missing a required parameter \`${name}\`.`);
    }
    if (!Array.isArray(numbers) || numbers.length === 0 || numbers.some((n) => typeof n !== 'string')) {
      return failure('MissingParameter.EmptyPhoneNumberSet', 'the phone number set is empty or not a list of strings');
    }
    if (numbers.length > 200) {
      return failure('LimitExceeded.PhoneNumberCountLimit', 'the number of phone numbers in one request exceeds 200');
    }
    if (params !== undefined && (!Array.isArray(params) || params.some((p) => typeof p !== 'string'))) {
      return failure(
        'InvalidParameterValue.TemplateParameterFormatError',
        'TemplateParamSet must be a list of strings',
      );
    }
    const sms = this.config.sms;
    if (SmsSdkAppId !== sms.sdkAppId) {
      return failure('UnauthorizedOperation.SmsSdkAppIdVerifyFail', 'SmsSdkAppId verification failed');
    }
    if (SignName !== sms.signName) {
      return failure('FailedOperation.SignatureIncorrectOrUnapproved', 'signature is not approved or is incorrect');
    }
    if (TemplateId !== sms.verifyTemplateId) {
      return failure(
        'FailedOperation.TemplateIncorrectOrUnapproved',
        'template is not approved or request content does not match the approved template content',
      );
    }
    const values = (params ?? []) as string[];
    // The verification template has two parameters: {1} the code, {2} the minutes.
    if (values.length !== 2) {
      return failure(
        'FailedOperation.TemplateParamSetNotMatchApprovedTemplate',
        'the number of template parameters does not match the approved template',
      );
    }
    if (values.some((v) => !VERIFY_PARAM.test(v))) {
      return failure(
        'InvalidParameterValue.TemplateParameterFormatError',
        'the parameters of a verification code template must be digits, at most 6',
      );
    }
    if (this.store.down()) return failure('InternalError.Timeout', 'request timed out, please try again');
    const statuses = (numbers as string[]).map((number) => this.deliver(number, SignName, TemplateId, values));
    return { Response: { SendStatusSet: statuses, RequestId: randomUUID() } };
  }

  private deliver(number: string, signName: string, templateId: string, params: string[]): Record<string, unknown> {
    const refused = (code: string, message: string) => ({
      SerialNo: '',
      PhoneNumber: number,
      Fee: 0,
      SessionContext: '',
      Code: code,
      Message: message,
      IsoCode: MAINLAND_MOBILE.test(number) ? 'CN' : '',
    });
    if (!MAINLAND_MOBILE.test(number))
      return refused('InvalidParameterValue.IncorrectPhoneNumber', 'incorrect number format');
    const phone = number.slice(3);
    const limit = this.store.limitFor(phone);
    if (limit) return refused(limit, LIMIT_MESSAGES[limit] ?? limit);
    const sent = this.store.deliver({ phone, signName, templateId, params });
    return {
      SerialNo: sent.serialNo,
      PhoneNumber: number,
      Fee: 1,
      SessionContext: '',
      Code: 'Ok',
      Message: 'send success',
      IsoCode: 'CN',
    };
  }

  /** The common parameters and the signature, in the order Tencent checks them. */
  private refusal(req: RawRequest): TencentAnswer | undefined {
    const action = header(req, 'x-tc-action');
    const version = header(req, 'x-tc-version');
    const region = header(req, 'x-tc-region');
    const timestamp = header(req, 'x-tc-timestamp');
    if (!action) return failure('MissingParameter', 'The request is missing a required parameter `X-TC-Action`.');
    if (action !== 'SendSms') return failure('InvalidAction', `The action \`${action}\` is invalid or not found.`);
    if (version !== '2021-01-11')
      return failure('NoSuchVersion', `The requested version \`${version ?? ''}\` of API \`SendSms\` does not exist.`);
    if (!region) return failure('MissingParameter', 'The request is missing a required parameter `X-TC-Region`.');
    if (!REGIONS.has(region))
      return failure('UnsupportedRegion', `The region \`${region}\` is not supported by SendSms.`);

    const auth = parseTc3Authorization(header(req, 'authorization'));
    if (!auth)
      return failure(
        'AuthFailure.SignatureFailure',
        'The provided credentials could not be validated. Please check your signature is correct.',
      );
    if (auth.secretId !== this.config.sms.secretId) {
      return failure(
        'AuthFailure.SecretIdNotFound',
        'The SecretId is not found, please ensure that your SecretId is correct.',
      );
    }
    const signedAt = timestamp && /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
    if (!Number.isFinite(signedAt)) return failure('InvalidParameter', 'X-TC-Timestamp must be Unix seconds');
    if (Math.abs(Date.now() / 1000 - signedAt) > MAX_SKEW_SECONDS) {
      return failure(
        'AuthFailure.SignatureExpire',
        'Signature expired. Timestamp and server time cannot differ by more than five minutes.',
      );
    }
    const expected = tc3Sign({
      secretId: auth.secretId,
      secretKey: this.config.sms.secretKey,
      service: 'sms',
      host: header(req, 'host') ?? '',
      timestamp: signedAt,
      payload: req.rawBody ?? '',
      contentType: header(req, 'content-type') ?? '',
    });
    const scoped =
      auth.date === tc3Date(signedAt) && auth.service === 'sms' && auth.signedHeaders === 'content-type;host';
    if (!scoped || !tc3SignatureEquals(auth.signature, expected.signature)) {
      return failure(
        'AuthFailure.SignatureFailure',
        'The provided credentials could not be validated. Please check your signature is correct.',
      );
    }
    return undefined;
  }
}

/**
 * Controls (development and tests only), under /wechat-sim/_sim/sms:
 * - GET  ?phone=13800138000: the messages delivered to that number (or all), oldest first;
 *   the code of a verification message is params[0].
 * - POST reset: forgets every message and rate counter and ends an outage.
 * - POST outage {"seconds": N}: for N seconds every send answers InternalError.Timeout; 0 ends it.
 */
@Public()
@Controller('_sim/sms')
export class SmsSimControlController {
  constructor(@Inject(SmsSimStore) private readonly store: SmsSimStore) {}

  @Get()
  messages(@Query('phone') phone: string | undefined): SimSms[] {
    const wanted = phone?.replace(/^\+86/, '');
    return this.store.messages.filter((m) => !wanted || m.phone === wanted);
  }

  @Post('reset')
  @HttpCode(204)
  reset(): void {
    this.store.reset();
  }

  @Post('outage')
  @HttpCode(200)
  outage(@Body() body: { seconds?: unknown } | undefined, @Res() reply: FastifyReply): void {
    const seconds = body?.seconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > MAX_OUTAGE_SECONDS) {
      void reply.status(400).send({ message: `seconds 必须为 0 到 ${MAX_OUTAGE_SECONDS} 之间的整数` });
      return;
    }
    this.store.beginOutage(seconds);
    const until = this.store.outageEndsAt;
    void reply.status(200).send({ down: until !== undefined, until: until?.toISOString() ?? null });
  }
}
