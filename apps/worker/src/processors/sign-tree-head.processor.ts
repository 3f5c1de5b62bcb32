import { Injectable } from '@nestjs/common';
import { QueueName } from '@shanchou/core';
import { SIGN_TREE_HEAD_JOB, TreeHeadService } from '@shanchou/ledger';
import { JobProcessor } from '../job-processor';

export class SignTreeHeadPayload {}

/** After appends commit (through the outbox): sign the ledger as it now stands. Idempotent. */
@Injectable()
export class SignTreeHeadProcessor implements JobProcessor<SignTreeHeadPayload> {
  readonly queue = QueueName.LEDGER;
  readonly jobName = SIGN_TREE_HEAD_JOB;
  readonly payload = SignTreeHeadPayload;

  constructor(private readonly heads: TreeHeadService) {}

  async handle(): Promise<void> {
    await this.heads.signLatest();
  }
}
