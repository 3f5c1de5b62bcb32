import { Controller, Get, Query, Res } from '@nestjs/common';
import { fenToYuan, guardFormula, InputError, Public } from '@shanchou/core';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { LedgerRepository } from './ledger.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = [
  'seq',
  'kind',
  'amount_fen',
  'amount_yuan',
  'quantity',
  'campaign_id',
  'donor',
  'memo',
  'occurred_at',
  'leaf_hash',
];
const BATCH = 1000;

/** A text cell: quoted when needed, and never read by Excel as a formula. */
function cell(value: string | null): string {
  if (value === null) return '';
  const safe = guardFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** GET /ledger.csv — the public ledger for Excel: UTF-8 with BOM, streamed in batches. */
@Public()
@Controller()
export class LedgerCsvController {
  constructor(private readonly repo: LedgerRepository) {}

  @Get('ledger.csv')
  export(@Query('campaignId') campaignId: string | undefined, @Res() reply: FastifyReply): void {
    if (campaignId !== undefined && !UUID.test(campaignId)) throw new InputError('campaignId', '不是有效的项目编号');
    const repo = this.repo;
    async function* lines(): AsyncGenerator<string> {
      yield `\uFEFF${COLUMNS.join(',')}\r\n`;
      let after = -1;
      for (;;) {
        const rows = await repo.page({ campaignId }, after, BATCH);
        if (rows.length === 0) return;
        yield rows
          .map((r) =>
            [
              r.seq,
              r.kind,
              r.amountFen ?? '',
              r.amountFen === null ? '' : fenToYuan(r.amountFen),
              r.quantity ?? '',
              r.campaignId ?? '',
              cell(r.donor),
              cell(r.memo),
              r.occurredAt.toISOString(),
              r.leafHash,
            ].join(','),
          )
          .join('\r\n')
          .concat('\r\n');
        after = Number(rows[rows.length - 1].seq);
      }
    }
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ledger${campaignId ? `-${campaignId}` : ''}.csv"`)
      .send(Readable.from(lines()));
  }
}
