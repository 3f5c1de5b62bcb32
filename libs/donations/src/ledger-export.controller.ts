import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { CampaignService } from '@shanchou/campaigns';
import { ExportColumn, InputError, parseDayRange, parseExportFormat, sendTable } from '@shanchou/core';
import { Allow, ANY_STAFF } from '@shanchou/identity';
import { LEDGER_KIND_LABELS, LedgerEntryEntity, LedgerService } from '@shanchou/ledger';
import type { FastifyReply } from 'fastify';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface EntryRow {
  entry: LedgerEntryEntity;
  campaign: string;
}

const COLUMNS: ExportColumn<EntryRow>[] = [
  { header: '序号', kind: 'int', value: (r) => r.entry.seq },
  { header: '类型', kind: 'text', value: (r) => LEDGER_KIND_LABELS[r.entry.kind], width: 12 },
  { header: '金额（元）', kind: 'yuan', value: (r) => r.entry.amountFen },
  { header: '金额（分）', kind: 'fen', value: (r) => r.entry.amountFen },
  { header: '数量', kind: 'int', value: (r) => r.entry.quantity },
  { header: '项目', kind: 'text', value: (r) => r.campaign, width: 24 },
  // As stored in the public ledger: already masked (张*), or 爱心人士.
  { header: '捐赠人/收款人', kind: 'text', value: (r) => r.entry.donor },
  { header: '摘要', kind: 'text', value: (r) => r.entry.memo, width: 30 },
  { header: '时间（北京时间）', kind: 'datetime', value: (r) => r.entry.occurredAt },
  { header: '叶子哈希', kind: 'text', value: (r) => r.entry.leafHash, width: 66 },
];

/**
 * GET /exports/ledger.csv|.xlsx?campaignId=&from=&to= — 公开账本 with Chinese headings and the
 * campaigns' titles, for staff who report upward. It lives here, not in libs/ledger, because the
 * titles come from CampaignService and campaigns already depends on the ledger. /ledger.csv
 * (the verifiers' contract) is unchanged.
 */
@Allow({ staff: ANY_STAFF })
@Controller('exports')
export class LedgerExportController {
  constructor(
    private readonly ledger: LedgerService,
    private readonly campaigns: CampaignService,
  ) {}

  @Get('ledger.:format')
  async export(
    @Param('format') format: string,
    @Query('campaignId') campaignId: string | undefined,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const as = parseExportFormat(format);
    if (campaignId !== undefined && !UUID.test(campaignId)) throw new InputError('campaignId', '不是项目编号');
    const range = parseDayRange(from, to);
    if (campaignId && (await this.campaigns.byIds([campaignId])).length === 0) {
      throw new InputError('campaignId', '没有这个项目');
    }
    await sendTable(reply, as, {
      filename: `ledger${campaignId ? `-${campaignId}` : ''}${from ? `-${from}` : ''}${to ? `-${to}` : ''}`,
      sheet: '公开账本',
      columns: COLUMNS,
      batches: this.rows({ campaignId, ...range }),
    });
  }

  /** Each batch with its campaigns' titles: one lookup a batch. */
  private async *rows(filter: { campaignId?: string; from?: Date; to?: Date }): AsyncGenerator<EntryRow[]> {
    for await (const batch of this.ledger.entriesInBatches(filter)) {
      const ids = [...new Set(batch.flatMap((e) => (e.campaignId ? [e.campaignId] : [])))];
      const titles = new Map((ids.length ? await this.campaigns.byIds(ids) : []).map((c) => [c.id, c.title]));
      yield batch.map((entry) => ({ entry, campaign: entry.campaignId ? (titles.get(entry.campaignId) ?? '') : '' }));
    }
  }
}
