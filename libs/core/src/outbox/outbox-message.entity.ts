import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Work that must follow a commit (a notification, a tree head), written in the same transaction
 * as the change it follows and relayed to the queue afterwards, so nothing is lost in between.
 */
@Entity({ name: 'outbox_message' })
@Index('outbox_message_pending_idx', ['createdAt'], { where: 'dispatched_at IS NULL' })
export class OutboxMessageEntity {
  /** Also the job id in the queue: relaying a row twice runs its job once. */
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  queue!: string;

  @Column({ type: 'varchar', length: 100 })
  jobName!: string;

  /**
   * The job id when it is not the row's own: a business key, so that rows carrying the same key
   * (a tree head for the same second, say) run one job.
   */
  @Column({ type: 'varchar', length: 200, nullable: true })
  jobKey!: string | null;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  /** Not before this time (a delayed job). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  availableAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  relayAttempts!: number;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;
}
