import { Controller, HttpStatus, Inject, OnApplicationShutdown, Post, Req, Res } from '@nestjs/common';
import {
  AppConfig,
  asServiceUnavailable,
  DomainError,
  ErrorCode,
  LogLimiter,
  Public,
  ROOT_LOGGER,
  RootLogger,
  UnavailableLog,
} from '@shanchou/core';
import { decryptResource, verifySignedBody, WechatPayKeys, WechatTransaction } from '@shanchou/wechatpay';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DonationService } from './donation.service';
import { RefundService } from './refund.service';

/** REFUND.SUCCESS, and the two ends of a refund that failed: 退款异常 and 退款关闭. */
const REFUND_EVENTS = new Set(['REFUND.SUCCESS', 'REFUND.ABNORMAL', 'REFUND.CLOSED']);

interface RawRequest extends FastifyRequest {
  rawBody?: Buffer;
}

interface NotificationBody {
  event_type?: string;
  /** When WeChat wrote the notification (RFC 3339). */
  create_time?: string;
  resource?: { algorithm?: string; ciphertext: string; associated_data: string; nonce: string };
}

/**
 * POST /wechatpay/notify — WeChat Pay's payment and refund notifications (REFUND.SUCCESS, .ABNORMAL,
 * .CLOSED), verified by our own code over the raw body. 204 only after the change has committed;
 * otherwise {"code":"FAIL"} and WeChat retries.
 */
@Public()
@Controller('wechatpay')
export class WechatPayNotifyController implements OnApplicationShutdown {
  /**
   * Refusals (a forged or stale signature, an unknown serial, a body that does not decrypt) are
   * logged one line per burst with a count: anyone can send them, at any rate.
   */
  private readonly refusals: LogLimiter;

  constructor(
    private readonly donations: DonationService,
    private readonly refunds: RefundService,
    @Inject(WechatPayKeys) private readonly keys: WechatPayKeys,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
    config: AppConfig,
    private readonly unavailable: UnavailableLog,
  ) {
    this.refusals = new LogLimiter(log, 'WeChat Pay notifications refused', { windowMs: config.logBurstWindowMs });
  }

  onApplicationShutdown(): void {
    this.refusals.flush();
  }

  @Post('notify')
  async notify(@Req() req: RawRequest, @Res() reply: FastifyReply): Promise<void> {
    const fail = (status: number, message: string) => {
      this.refusals.record(String(status), message, { status });
      void reply.status(status).send({ code: 'FAIL', message });
    };
    const raw = req.rawBody?.toString('utf8') ?? '';
    const headers = req.headers as Record<string, string | undefined>;
    const verdict = verifySignedBody(headers, raw, this.keys.platformKeys, Math.floor(Date.now() / 1000));
    if (!verdict.ok) return fail(HttpStatus.UNAUTHORIZED, `signature refused: ${verdict.reason}`);
    let body: NotificationBody;
    try {
      body = JSON.parse(raw) as NotificationBody;
    } catch {
      return fail(HttpStatus.BAD_REQUEST, 'the body is not JSON');
    }
    const event = body.event_type ?? '';
    if (event !== 'TRANSACTION.SUCCESS' && !REFUND_EVENTS.has(event)) {
      void reply.status(HttpStatus.NO_CONTENT).send();
      return;
    }
    const plain = body.resource ? decryptResource(this.keys.apiV3Key, body.resource) : null;
    if (!plain) return fail(HttpStatus.BAD_REQUEST, 'the resource does not decrypt (AEAD_AES_256_GCM)');
    try {
      const writtenAt = body.create_time ? new Date(body.create_time) : null;
      const outcome = REFUND_EVENTS.has(event)
        ? await this.refunds.applyNotification(
            event,
            JSON.parse(plain) as Parameters<RefundService['applyNotification']>[1],
            writtenAt && !Number.isNaN(writtenAt.getTime()) ? writtenAt : null,
          )
        : await this.donations.creditPayment(JSON.parse(plain) as WechatTransaction);
      this.log.info({ outcome }, 'WeChat Pay notification handled');
      void reply.status(HttpStatus.NO_CONTENT).send();
    } catch (err) {
      if (err instanceof DomainError) {
        return fail(err.code === ErrorCode.NOT_FOUND ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST, err.message);
      }
      const down = asServiceUnavailable(err);
      if (down) {
        // WeChat retries; the outage is counted once per burst, not logged per notification.
        this.unavailable.report(down.dependency, err);
        return void reply.status(HttpStatus.SERVICE_UNAVAILABLE).send({ code: 'FAIL', message: down.message });
      }
      this.log.error({ err }, 'crediting a WeChat Pay notification failed');
      return fail(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error; please retry');
    }
  }
}
