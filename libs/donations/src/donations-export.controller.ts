import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { CampaignService, OrganizationService } from '@shanchou/campaigns';
import { ExportColumn, InputError, parseDayRange, parseExportFormat, sendTable } from '@shanchou/core';
import { Allow, Role } from '@shanchou/identity';
import { maskDonor } from '@shanchou/ledger';
import type { FastifyReply } from 'fastify';
import { DonationEntity } from './donation.entity';
import { DonationService } from './donation.service';
import { DONATION_STATUS_LABELS } from './donation-status';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface GiftRow {
  gift: DonationEntity;
  campaign: string;
  organization: string;
}

const COLUMNS: ExportColumn<GiftRow>[] = [
  { header: '收据号', kind: 'text', value: (r) => r.gift.receiptNo, width: 22 },
  { header: '项目', kind: 'text', value: (r) => r.campaign, width: 24 },
  { header: '单位', kind: 'text', value: (r) => r.organization, width: 24 },
  // As the public ledger shows the donor: masked, or 爱心人士.
  { header: '捐赠人', kind: 'text', value: (r) => maskDonor(r.gift.donorName, r.gift.anonymous) },
  { header: '金额（元）', kind: 'yuan', value: (r) => r.gift.amountFen },
  { header: '金额（分）', kind: 'fen', value: (r) => r.gift.amountFen },
  { header: '状态', kind: 'text', value: (r) => DONATION_STATUS_LABELS[r.gift.status] },
  { header: '支付时间（北京时间）', kind: 'datetime', value: (r) => r.gift.paidAt },
  { header: '退款时间（北京时间）', kind: 'datetime', value: (r) => r.gift.refundedAt },
  { header: '微信支付订单号', kind: 'text', value: (r) => r.gift.transactionId, width: 32 },
  { header: '公开账本序号', kind: 'int', value: (r) => r.gift.ledgerSeq },
];

/**
 * GET /exports/donations.csv|.xlsx?campaignId=&from=YYYY-MM-DD&to=YYYY-MM-DD — 捐赠明细 for the
 * people who report upward: every gift paid in those Beijing days (refunded ones too, with their
 * refund), oldest payment first, donors as the public ledger shows them.
 */
@Allow({ staff: [Role.DISTRICT_ADMIN, Role.AUDITOR] })
@Controller('exports')
export class DonationsExportController {
  constructor(
    private readonly donations: DonationService,
    private readonly campaigns: CampaignService,
    private readonly organizations: OrganizationService,
  ) {}

  @Get('donations.:format')
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
    const campaign = campaignId ? (await this.campaigns.byIds([campaignId]))[0] : undefined;
    if (campaignId && !campaign) throw new InputError('campaignId', '没有这个项目');
    await sendTable(reply, as, {
      filename: `donations${campaignId ? `-${campaignId}` : ''}${from ? `-${from}` : ''}${to ? `-${to}` : ''}`,
      sheet: '捐赠明细',
      columns: COLUMNS,
      batches: this.rows({ campaignId, ...range }),
    });
  }

  /** Each batch with its campaigns' titles and organisations' names: two lookups a batch. */
  private async *rows(filter: { campaignId?: string; from?: Date; to?: Date }): AsyncGenerator<GiftRow[]> {
    for await (const batch of this.donations.paidInBatches(filter)) {
      const campaignIds = [...new Set(batch.map((d) => d.campaignId))];
      const organizationIds = [...new Set(batch.flatMap((d) => (d.organizationId ? [d.organizationId] : [])))];
      const titles = new Map((await this.campaigns.byIds(campaignIds)).map((c) => [c.id, c.title]));
      const names = new Map(
        (organizationIds.length ? await this.organizations.list({ ids: organizationIds }) : []).map((o) => [
          o.id,
          o.name,
        ]),
      );
      yield batch.map((gift) => ({
        gift,
        campaign: titles.get(gift.campaignId) ?? '',
        organization: gift.organizationId ? (names.get(gift.organizationId) ?? '') : '',
      }));
    }
  }
}
