import { Controller, Get, Query, Res } from '@nestjs/common';
import { AppConfig, InputError, Public } from '@shanchou/core';
import { REGION_CODE_PATTERN, RegionService } from '@shanchou/regions';
import type { FastifyReply } from 'fastify';
import { renderCalendar } from './ics';
import { OutreachEventService } from './outreach-event.service';
import { EventStatus, OUTREACH_KIND_NAME } from './outreach-kind';

/**
 * GET /events.ics?regionCode= — the upcoming (and running) events of a region and below it as an
 * iCalendar feed (RFC 5545) a phone calendar can subscribe to; cancelled ones stay in it, marked
 * CANCELLED, so subscribed calendars drop them.
 */
@Public()
@Controller()
export class EventsCalendarController {
  constructor(
    private readonly events: OutreachEventService,
    private readonly regions: RegionService,
    private readonly config: AppConfig,
  ) {}

  @Get('events.ics')
  async calendar(@Query('regionCode') regionCode: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const code = regionCode?.trim() || undefined;
    if (code !== undefined && !REGION_CODE_PATTERN.test(code)) {
      throw new InputError('regionCode', '须为地区代码（6、9 或 12 位数字）');
    }
    const now = new Date();
    const region = code ? await this.regions.requireByCode(code, 'regionCode') : null;
    const events = await this.events.list({ regionCode: code }, now);
    const regionNames = new Map(
      (await this.regions.byIds([...new Set(events.map((e) => e.regionId))])).map((r) => [r.id, r.name]),
    );
    const counts = await this.events.counts(events.map((e) => e.id));
    const host = new URL(this.config.publicBaseUrl).hostname;
    const text = renderCalendar(
      events.map((e) => {
        const kind = OUTREACH_KIND_NAME[e.kind];
        const seats = counts.get(e.id)?.confirmed ?? 0;
        const url = `${this.config.publicBaseUrl}/h5/outreach/events/${e.id}`;
        return {
          uid: `${e.id}@${host}`,
          sequence: e.revision,
          summary: `[${kind}] ${e.title}`,
          description: [
            e.description,
            `主办：${e.organiser}`,
            `志愿者名额：${e.capacity}（已报名 ${seats}）`,
            e.neededSkills.length > 0 ? `需要：${e.neededSkills.join('、')}` : null,
            e.status === EventStatus.CANCELLED ? `已取消：${e.cancelReason ?? ''}` : null,
            `报名：${url}`,
          ]
            .filter((line): line is string => Boolean(line))
            .join('\n'),
          location: `${regionNames.get(e.regionId) ?? ''} ${e.place}`.trim(),
          categories: [kind],
          startsAt: e.startsAt,
          endsAt: e.endsAt,
          createdAt: e.createdAt,
          lastModified: e.updatedAt,
          cancelled: e.status === EventStatus.CANCELLED,
          url,
        };
      }),
      { name: `${region?.name ?? '善筹'} 下乡活动`, generatedAt: now },
    );
    void reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', 'inline; filename="events.ics"')
      .header('cache-control', 'public, max-age=300')
      .send(text);
  }
}
