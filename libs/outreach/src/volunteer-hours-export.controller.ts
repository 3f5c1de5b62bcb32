import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ExportColumn, InputError, parseDayRange, parseExportFormat, sendTable } from '@shanchou/core';
import { Allow, ANY_STAFF, CurrentStaff, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { RegionService } from '@shanchou/regions';
import type { FastifyReply } from 'fastify';
import { AttendanceService } from './attendance.service';
import { OUTREACH_KIND_NAME } from './outreach-kind';
import { minutesToHours } from './service-hours';
import { ServiceRow } from './sign-up.repository';

const REGION_CODE = /^\d{6}(\d{3}){0,2}$/;

interface HoursLine extends ServiceRow {
  minutes: number;
  village: string;
}

const COLUMNS: ExportColumn<HoursLine>[] = [
  { header: '志愿者', kind: 'text', value: (r) => r.volunteerName, width: 12 },
  { header: '队伍', kind: 'text', value: (r) => r.team, width: 20 },
  { header: '活动', kind: 'text', value: (r) => r.eventTitle, width: 28 },
  { header: '类别', kind: 'text', value: (r) => OUTREACH_KIND_NAME[r.kind], width: 10 },
  { header: '村/社区', kind: 'text', value: (r) => r.village, width: 16 },
  { header: '活动开始（北京时间）', kind: 'datetime', value: (r) => r.startsAt },
  { header: '签到（北京时间）', kind: 'datetime', value: (r) => r.checkedInAt },
  { header: '签退（北京时间）', kind: 'datetime', value: (r) => r.checkedOutAt },
  { header: '服务时长（小时）', kind: 'hours', value: (r) => minutesToHours(r.minutes) },
];

/**
 * GET /exports/volunteer-hours.csv|.xlsx?regionCode=&from=&to= — 志愿服务时长: one row per
 * volunteer per event they checked in at, events of regions inside the caller's scope (regionCode
 * narrows it, FORBIDDEN outside), by the event's start in Beijing days. No phone numbers.
 */
@Allow({ staff: ANY_STAFF })
@Controller('exports')
export class VolunteerHoursExportController {
  constructor(
    private readonly attendance: AttendanceService,
    private readonly regions: RegionService,
  ) {}

  @Get('volunteer-hours.:format')
  async export(
    @Param('format') format: string,
    @Query('regionCode') regionCode: string | undefined,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @CurrentStaff() me: StaffPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const as = parseExportFormat(format);
    let scope = RegionScope.of(me);
    if (regionCode !== undefined && regionCode !== '') {
      if (!REGION_CODE.test(regionCode))
        throw new InputError('regionCode', `不是行政区划代码：${regionCode.slice(0, 20)}`);
      scope = RegionScope.within(scope, await this.regions.requireByCode(regionCode, 'regionCode'));
    }
    const range = parseDayRange(from, to);
    await sendTable(reply, as, {
      filename: `volunteer-hours${regionCode ? `-${regionCode}` : ''}${from ? `-${from}` : ''}${to ? `-${to}` : ''}`,
      sheet: '志愿服务时长',
      columns: COLUMNS,
      batches: this.lines(scope, range),
    });
  }

  /** Each batch with its events' region names: one lookup a batch. */
  private async *lines(scope: RegionScope, range: { from?: Date; to?: Date }): AsyncGenerator<HoursLine[]> {
    for await (const batch of this.attendance.serviceInBatches(scope, range)) {
      const ids = [...new Set(batch.map((r) => r.regionId))];
      const names = new Map((await this.regions.byIds(ids)).map((r) => [r.id, r.name]));
      yield batch.map((r) => ({ ...r, village: names.get(r.regionId) ?? '' }));
    }
  }
}
