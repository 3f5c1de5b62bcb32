import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { Public } from '@shanchou/core';
import type { FastifyReply } from 'fastify';
import { rfc3339Shanghai } from './sim-path';

/** The longest outage the control plays (a day: longer than any order lives at WeChat). */
export const MAX_OUTAGE_SECONDS = 86_400;

/**
 * WeChat Pay being down: until `until`, the pay API answers 503 SYSTEM_ERROR and notifications
 * wait; when it is back, every held notification goes out (signed then, so never stale).
 */
export class SimOutage {
  private until = 0;
  private timer?: NodeJS.Timeout;
  private waiting: (() => void)[] = [];

  /** Down for `seconds` from now (0: back at once); a later call replaces the end. */
  begin(seconds: number): Date {
    clearTimeout(this.timer);
    this.until = Date.now() + seconds * 1000;
    if (seconds <= 0) this.end();
    else this.timer = setTimeout(() => this.end(), seconds * 1000).unref();
    return new Date(this.until);
  }

  get down(): boolean {
    return Date.now() < this.until;
  }

  get endsAt(): Date | undefined {
    return this.down ? new Date(this.until) : undefined;
  }

  /** Resolves once the pay API is up: at once when it is. */
  up(): Promise<void> {
    if (!this.down) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private end(): void {
    this.until = 0;
    this.timer = undefined;
    const released = this.waiting;
    this.waiting = [];
    for (const resolve of released) resolve();
  }
}

/**
 * Controls (development and tests only), under the pay base URL:
 * - POST _sim/outage {"seconds": N}: the pay API answers 503 {"code":"SYSTEM_ERROR",…} for N seconds and
 *   notifications are held until it is back (then sent, freshly signed); N = 0 ends an outage.
 * - GET  _sim/outage: whether it is down, and until when.
 */
@Public()
@Controller('_sim/outage')
export class SimOutageController {
  constructor(@Inject(SimOutage) private readonly outage: SimOutage) {}

  @Get()
  state(): { down: boolean; until: string | null } {
    const endsAt = this.outage.endsAt;
    return { down: endsAt !== undefined, until: endsAt ? rfc3339Shanghai(endsAt) : null };
  }

  @Post()
  @HttpCode(200)
  begin(@Body() body: { seconds?: unknown } | undefined, @Res() reply: FastifyReply): void {
    const seconds = body?.seconds;
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0 || seconds > MAX_OUTAGE_SECONDS) {
      void reply
        .status(400)
        .send({ code: 'PARAM_ERROR', message: `seconds 必须为 0 到 ${MAX_OUTAGE_SECONDS} 之间的整数` });
      return;
    }
    this.outage.begin(seconds);
    void reply.status(200).send(this.state());
  }
}
