import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A notice WeChat took (模板消息 sent), by its dedup key: a notice job run again (a worker killed
 * after sending, a completion not recorded) finds it here and sends nothing. WeChat's own
 * client_msg_id covers the moment between sending and this row, for ten minutes.
 */
@Entity({ name: 'sent_notice' })
export class SentNoticeEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  dedupKey!: string;

  @Column({ type: 'uuid' })
  signUpId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  sentAt!: Date;
}
