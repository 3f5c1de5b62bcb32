import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { SentNoticeEntity } from './sent-notice.entity';

/** Notices WeChat took, by dedup key. unscoped: a job of the platform, with no caller. */
@Injectable()
export class SentNoticeRepository {
  constructor(@InjectRepository(SentNoticeEntity) private readonly sent: Repository<SentNoticeEntity>) {}

  async wasSent(dedupKey: string): Promise<boolean> {
    return (await this.sent.countBy({ dedupKey })) > 0;
  }

  async record(dedupKey: string, signUpId: string): Promise<void> {
    await this.sent.createQueryBuilder().insert().values({ dedupKey, signUpId }).orIgnore().execute();
  }
}
