import { RootLogger } from '@shanchou/core';
import { NoticeKind } from './outreach-kind';

/** One message to one volunteer about one event. */
export interface VolunteerNotice {
  /** The volunteer's openid under the official account. */
  openid: string;
  kind: NoticeKind;
  /** The same for a resent notice, so the channel can drop the copy (WeChat's client_msg_id). */
  dedupKey: string;
  eventTitle: string;
  startsAt: Date;
  endsAt: Date;
  place: string;
  /** What the volunteer should know, in one short sentence. */
  text: string;
  /** The event's page. */
  url: string;
}

/** The channel will never deliver this notice (the user unfollowed the account): retrying cannot help. */
export class UndeliverableNoticeError extends Error {
  override name = 'UndeliverableNoticeError';
}

/**
 * How volunteers are told about their events: WeChat template messages in production
 * (WechatTemplateNotifier), the log in development (LoggingNotifier). NOTIFIER chooses.
 */
export abstract class Notifier {
  abstract send(notice: VolunteerNotice): Promise<void>;
}

/** Development: the notice is written to the log and goes nowhere else. */
export class LoggingNotifier extends Notifier {
  constructor(private readonly log: RootLogger) {
    super();
  }

  send(notice: VolunteerNotice): Promise<void> {
    this.log.info({ notice: { ...notice, openid: `${notice.openid.slice(0, 6)}…` } }, 'volunteer notice (logged only)');
    return Promise.resolve();
  }
}
