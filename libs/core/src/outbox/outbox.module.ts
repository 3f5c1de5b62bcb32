import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxMessageEntity } from './outbox-message.entity';
import { OutboxRelay } from './outbox-relay';
import { OutboxService } from './outbox.service';
import { OutboxSignal } from './outbox-signal';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxMessageEntity])],
  providers: [OutboxService, OutboxRelay, OutboxSignal],
  exports: [OutboxService, OutboxRelay],
})
export class OutboxModule {}
