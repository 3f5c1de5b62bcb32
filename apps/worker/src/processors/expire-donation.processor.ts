import { Injectable } from '@nestjs/common';
import { QueueName } from '@shanchou/core';
import { DonationService, EXPIRE_DONATION_JOB } from '@shanchou/donations';
import { Matches } from 'class-validator';
import { JobProcessor } from '../job-processor';

export class ExpireDonationPayload {
  @Matches(/^[\w-]{6,32}$/)
  receiptNo!: string;
}

/** A donation's payment window has passed: credit it if WeChat Pay says paid, else close it. */
@Injectable()
export class ExpireDonationProcessor implements JobProcessor<ExpireDonationPayload> {
  readonly queue = QueueName.DONATIONS;
  readonly jobName = EXPIRE_DONATION_JOB;
  readonly payload = ExpireDonationPayload;

  constructor(private readonly donations: DonationService) {}

  async handle(data: ExpireDonationPayload): Promise<void> {
    await this.donations.expire(data.receiptNo);
  }
}
