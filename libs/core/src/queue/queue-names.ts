/** Every queue of the platform, in one place (STYLE.md habit 8). */
export const QueueName = {
  /** Housekeeping: outbox purge and other platform chores. */
  SYSTEM: 'system',
  /** Donation orders: time-outs. */
  DONATIONS: 'donations',
  /** Ledger tree heads. */
  LEDGER: 'ledger',
  /** Outreach events: reminders and notices to volunteers. */
  OUTREACH: 'outreach',
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const QUEUE_NAMES: readonly QueueName[] = Object.values(QueueName);

export function isQueueName(value: string): value is QueueName {
  return (QUEUE_NAMES as readonly string[]).includes(value);
}
