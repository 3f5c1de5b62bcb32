import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Work that must follow a commit (a notification, a tree head, an order's time-out), written in
 * the same transaction as the change it follows. The row, not Redis, is the truth: it owns its
 * job until the handler has finished it (completed) or given up on it (dead); until then the
 * relay hands it to the queue again whenever the queue has lost it.
 */
@Entity({ name: 'outbox_message' })
@Index('outbox_message_open_idx', ['createdAt'], { where: 'completed_at IS NULL AND dead_at IS NULL' })
@Index('outbox_message_job_key_idx', ['jobKey'], { where: 'job_key IS NOT NULL' })
@Index('outbox_message_dead_idx', ['deadAt'], { where: 'dead_at IS NOT NULL' })
export class OutboxMessageEntity {
  /** Also the job id in the queue when the row has no job key. */
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

  /** Not before this time: a delayed job, or the lease of a row whose job is in the queue. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  availableAt!: Date;

  /** Its job finished. */
  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** Given up on: kept with its last error for a district admin to retry by hand. */
  @Column({ type: 'timestamptz', nullable: true })
  deadAt!: Date | null;

  /** Times handed to the queue (more than once: the queue lost it, or it was retried by hand). */
  @Column({ type: 'int', default: 0 })
  relayAttempts!: number;

  /** Tries of its handler that failed. */
  @Column({ type: 'int', default: 0 })
  jobAttempts!: number;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;
}
