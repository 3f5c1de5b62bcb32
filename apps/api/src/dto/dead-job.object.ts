import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DeadRow } from '@shanchou/core';

@ObjectType('DeadJob', {
  description: 'A background job given up on (死信) after trying for as long as its kind may; retryable by hand',
})
export class DeadJobObject {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'The queue it ran on: donations, outreach, ledger, system' })
  queue!: string;

  @Field({ description: 'What kind of job it is, e.g. expire-donation' })
  name!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Its business key, naming what it was about (e.g. expire-donation.<receiptNo>)',
  })
  key!: string | null;

  @Field(() => String, { nullable: true, description: 'The error of its last try' })
  lastError!: string | null;

  @Field({ description: 'When it was given up' })
  failedAt!: Date;

  @Field(() => Int, { description: 'How many tries failed' })
  attempts!: number;

  static from(row: DeadRow): DeadJobObject {
    return Object.assign(new DeadJobObject(), {
      id: row.id,
      queue: row.queue,
      name: row.jobName,
      key: row.jobKey,
      lastError: row.lastError,
      failedAt: row.deadAt,
      attempts: row.jobAttempts,
    });
  }
}
