import { Injectable } from '@nestjs/common';
import { QueueName, RetryPolicy } from '@shanchou/core';
import { REFUND_QUERY_JOB, RefundService } from '@shanchou/donations';
import { Matches } from 'class-validator';
import { JobProcessor } from '../job-processor';

export class RefundQueryPayload {
  /** 商户退款单号: digits, letters, _-|*@. */
  @Matches(/^[\w|*@-]{1,64}$/)
  outRefundNo!: string;
}

/**
 * 查询单笔退款, queued (refund-query.<out_refund_no>.<n>) when a refund is sent: applies WeChat's
 * answer as a notification would be (SUCCESS → REFUNDED, ABNORMAL/CLOSED → REFUND_FAILED), so a
 * refund whose notification was lost is still found. PROCESSING throws: asked again after the
 * back-off (about a minute at first, as WeChat advises, then less often).
 */
@Injectable()
export class RefundQueryProcessor implements JobProcessor<RefundQueryPayload> {
  readonly queue = QueueName.DONATIONS;
  readonly jobName = REFUND_QUERY_JOB;
  readonly payload = RefundQueryPayload;
  /** WeChat closes a refund still PROCESSING after 7 days (退款关闭); the query outlasts that. */
  readonly retry: RetryPolicy = { retryForMs: 8 * 24 * 3600_000 };

  constructor(private readonly refunds: RefundService) {}

  async handle(data: RefundQueryPayload): Promise<void> {
    await this.refunds.query(data.outRefundNo);
  }
}
