import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeadJobs } from './dead-jobs';
import { JobOutcomes } from './job-outcomes';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { OutboxSignal } from './outbox-signal';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessageEntity])],
  providers: [OutboxRepository, OutboxService, OutboxRelay, OutboxSignal, JobOutcomes, DeadJobs],
  exports: [OutboxService, OutboxRelay, JobOutcomes, DeadJobs],
})
export class OutboxModule {}
