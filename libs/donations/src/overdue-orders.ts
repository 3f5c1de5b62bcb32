import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, OutboxService, QueueName, ROOT_LOGGER, RootLogger, Transactions } from '@shanchou/core';
import { DonationRepository } from './donation.repository';
import { EXPIRE_DONATION_JOB } from './donation.service';

/** The sweeper's job, on a schedule. */
export const SWEEP_OVERDUE_ORDERS_JOB = 'sweep-overdue-orders';

/** How long past its payment window an order may wait for its own time-out before it is swept. */
export const SWEEP_GRACE_MS = 5 * 60_000;

/** How many overdue orders one sweep takes on (the next sweep takes the rest). */
export const SWEEP_BATCH = 500;

/**
 * Belt and braces for the order time-outs: every PENDING order past its payment window whose
 * time-out has no live job (no open row, none parked as dead for a district admin) gets one
 * again, under a key of its own so it runs however its first one ended. Once per order: an order
 * a swept time-out could not settle is left to the dead-job list, not swept in a loop.
 */
@Injectable()
export class OverdueOrders {
  constructor(
    private readonly donations: DonationRepository,
    private readonly outbox: OutboxService,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
    @Inject(ROOT_LOGGER) private readonly log: RootLogger,
  ) {}

  /** Returns the receipt numbers whose time-out was queued again. */
  async sweep(now: Date = new Date()): Promise<string[]> {
    const before = new Date(now.getTime() - this.config.paymentWindowSeconds * 1000 - SWEEP_GRACE_MS);
    // unscoped: a job of the platform, with no caller.
    const overdue = await this.donations.pendingPlacedBefore(before, SWEEP_BATCH);
    if (overdue.length === 0) return [];
    const first = (r: string) => `${EXPIRE_DONATION_JOB}.${r}`;
    const swept = (r: string) => `${EXPIRE_DONATION_JOB}.${r}.swept`;
    const q = QueueName.DONATIONS;
    const inHand = await this.outbox.keysInHand(q, [...overdue.map(first), ...overdue.map(swept)]);
    const sweptBefore = await this.outbox.keysSeen(q, overdue.map(swept));
    const lost = overdue.filter((r) => !inHand.has(first(r)) && !inHand.has(swept(r)) && !sweptBefore.has(swept(r)));
    if (lost.length === 0) return [];
    await this.transactions.run(async (tx) => {
      for (const receiptNo of lost) {
        await this.outbox.add(tx, {
          queue: q,
          jobName: EXPIRE_DONATION_JOB,
          payload: { receiptNo },
          jobKey: swept(receiptNo),
        });
      }
    });
    this.log.warn(
      { count: lost.length, receiptNos: lost.slice(0, 20) },
      'overdue orders had no live time-out: queued again',
    );
    return lost;
  }
}
