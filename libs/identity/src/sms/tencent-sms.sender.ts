import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, ConflictError, InputError, ROOT_LOGGER, RootLogger } from '@shanchou/core';
import { maskPhone } from '../phone/phone-number';
import { SmsSender } from './sms-sender';
import { SmsUnavailableError } from './sms.errors';
import { TC3_CONTENT_TYPE, tc3Sign } from './tc3-sign';

const TIMEOUT_MS = 5000;
const ACTION = 'SendSms';
const VERSION = '2021-01-11';
/** SMS is served from Guangzhou, Beijing and Nanjing; the region only routes the call, the numbers are national. */
const REGION = 'ap-guangzhou';

/**
 * What the person reads when Tencent refuses the number for now (its frequency limits, 频率限制,
 * set per application in the console: by default one a 30 s, five an hour, ten a day).
 */
const NUMBER_LIMITS: Readonly<Record<string, string>> = {
  'LimitExceeded.PhoneNumberThirtySecondLimit': '发送过于频繁，请 30 秒后再试',
  'LimitExceeded.PhoneNumberOneHourLimit': '这个手机号一小时内收到的验证码已达上限，请一小时后再试',
  'LimitExceeded.PhoneNumberDailyLimit': '这个手机号今天收到的验证码已达上限，请明天再试',
  'LimitExceeded.PhoneNumberSameContentDailyLimit': '这个手机号今天收到的验证码已达上限，请明天再试',
};
const INCORRECT_NUMBER = 'InvalidParameterValue.IncorrectPhoneNumber';

interface SendStatus {
  SerialNo?: string;
  PhoneNumber?: string;
  Fee?: number;
  Code?: string;
  Message?: string;
}

interface SendSmsAnswer {
  Response?: {
    Error?: { Code?: string; Message?: string };
    SendStatusSet?: SendStatus[];
    RequestId?: string;
  };
}

/**
 * Tencent Cloud SMS (腾讯云短信), API 3.0 SendSms, the production sender (the stand-in in
 * development and tests). The request is signed with TC3-HMAC-SHA256 over the Host it is sent to:
 * sms.tencentcloudapi.com in production, the stand-in's host:port otherwise, which signs the same
 * way. The code is never logged, the number only masked.
 */
@Injectable()
export class TencentSmsSender extends SmsSender {
  private readonly log: RootLogger;

  constructor(
    private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) log: RootLogger,
  ) {
    super();
    this.log = log.child({ context: 'sms' });
  }

  async sendVerificationCode(phone: string, code: string, minutes: number): Promise<void> {
    const { sms } = this.config;
    // Enough to tell two people's attempts apart in the log, not enough to call them.
    const masked = /^\d{11}$/.test(phone) ? maskPhone(phone) : '***';
    const body = JSON.stringify({
      PhoneNumberSet: [`+86${phone}`],
      SmsSdkAppId: sms.sdkAppId,
      SignName: sms.signName,
      TemplateId: sms.verifyTemplateId,
      TemplateParamSet: [code, String(minutes)],
    });
    const answer = await this.post(body, masked);
    const response = answer.Response ?? {};
    const requestId = response.RequestId;
    // Tencent reports a refused number in its SendStatus; a whole refused call in Error.
    const status = response.SendStatusSet?.[0];
    const outcome = response.Error ?? (status ? { Code: status.Code, Message: status.Message } : undefined);
    if (!outcome) {
      this.log.error({ requestId, phone: masked }, 'Tencent Cloud SMS answered neither an error nor a send status');
      throw new SmsUnavailableError();
    }
    const details = { code: outcome.Code, message: outcome.Message, requestId, phone: masked };
    if (!response.Error && outcome.Code === 'Ok') {
      this.log.info(
        { requestId, serialNo: status?.SerialNo, fee: status?.Fee, phone: masked },
        'verification code sent',
      );
      return;
    }
    const limit = NUMBER_LIMITS[outcome.Code ?? ''];
    if (limit) {
      this.log.info(details, 'Tencent Cloud SMS refused the number for now');
      throw new ConflictError(limit, 'phone');
    }
    if (outcome.Code === INCORRECT_NUMBER) {
      this.log.info(details, 'Tencent Cloud SMS cannot reach the number');
      throw new InputError('phone', '手机号码格式不正确');
    }
    // Our key, application, signature, template or balance, or Tencent itself: for the operators.
    this.log.error(details, 'Tencent Cloud SMS refused to send');
    throw new SmsUnavailableError();
  }

  private async post(body: string, masked: string): Promise<SendSmsAnswer> {
    const { sms } = this.config;
    const url = new URL(`${sms.baseUrl}/`);
    const timestamp = Math.floor(Date.now() / 1000);
    const { authorization } = tc3Sign({
      secretId: sms.secretId,
      secretKey: sms.secretKey,
      service: 'sms',
      // fetch sends exactly this as Host (with the port when it is not the scheme's own).
      host: url.host,
      timestamp,
      payload: body,
    });
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          authorization,
          'content-type': TC3_CONTENT_TYPE,
          'x-tc-action': ACTION,
          'x-tc-timestamp': String(timestamp),
          'x-tc-version': VERSION,
          'x-tc-region': REGION,
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`Tencent Cloud SMS answered HTTP ${res.status}`);
      return (await res.json()) as SendSmsAnswer;
    } catch (err) {
      this.log.error({ err, url: url.origin, phone: masked }, 'Tencent Cloud SMS could not be reached');
      throw new SmsUnavailableError();
    }
  }
}
