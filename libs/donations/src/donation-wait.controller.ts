import { Controller, Get, HttpStatus, Param, Query, Res } from '@nestjs/common';
import { InputError, UnauthenticatedError } from '@shanchou/core';
import { Allow, ANY_STAFF, ClientAddress, CurrentPrincipal, Principal } from '@shanchou/identity';
import type { FastifyReply } from 'fastify';
import { DonationWaits, MAX_DONATION_WAIT_SECONDS, TooManyWaitsError } from './donation-waits';
import { DonationStatus } from './donation-status';

const RECEIPT_NO = /^[\w-]{6,32}$/;
const STATUSES = new Set<string>(Object.values(DonationStatus));

/**
 * GET /donations/<receiptNo>/wait?status=<what the page shows>&ledger=<0|1>&timeout=<seconds> —
 * the donor's result page holds this request until the gift differs from what it has (another
 * status; with ledger=1 also a ledgerSeq filled in), or the time-out passes: one request per
 * change instead of a poll every second. Its donor or staff, as the donation query.
 */
@Allow({ donor: true, staff: ANY_STAFF })
@Controller('donations')
export class DonationWaitController {
  constructor(private readonly waits: DonationWaits) {}

  @Get(':receiptNo/wait')
  async wait(
    @Param('receiptNo') receiptNo: string,
    @Query('status') status: string | undefined,
    @Query('ledger') ledger: string | undefined,
    @Query('timeout') timeout: string | undefined,
    @CurrentPrincipal() caller: Principal | null,
    @ClientAddress() address: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!caller) throw new UnauthenticatedError();
    if (!RECEIPT_NO.test(receiptNo)) throw new InputError('receiptNo', '不是有效的捐赠编号');
    if (status === undefined || !STATUSES.has(status))
      throw new InputError('status', `必须是页面当前显示的捐赠状态之一：${[...STATUSES].join('、')}`);
    if (ledger !== undefined && ledger !== '0' && ledger !== '1') throw new InputError('ledger', '只能是 0 或 1');
    const seconds = timeout === undefined ? MAX_DONATION_WAIT_SECONDS : Number(timeout);
    if (!/^\d{1,3}$/.test(timeout ?? '0') || seconds > MAX_DONATION_WAIT_SECONDS)
      throw new InputError('timeout', `必须是 0 到 ${MAX_DONATION_WAIT_SECONDS} 之间的整数（秒）`);

    // The page went away (closed, or its signal dropped): stop waiting for it.
    const gone = new AbortController();
    const onClose = () => {
      if (!reply.raw.writableFinished) gone.abort();
    };
    reply.raw.once('close', onClose);
    try {
      const progress = await this.waits.progress(
        caller,
        address,
        receiptNo,
        { status: status as DonationStatus, awaitingLedger: ledger === '1' },
        seconds * 1000,
        gone.signal,
      );
      void reply.header('cache-control', 'no-store').send(progress);
    } catch (err) {
      if (!(err instanceof TooManyWaitsError)) throw err;
      void reply
        .status(HttpStatus.TOO_MANY_REQUESTS)
        .header('retry-after', '5')
        .send({ code: 'RATE_LIMITED', message: err.message });
    } finally {
      reply.raw.off('close', onClose);
    }
  }
}
