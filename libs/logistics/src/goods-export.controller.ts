import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ExportColumn, InputError, parseDayRange, parseExportFormat, sendTable } from '@shanchou/core';
import { Allow, ANY_STAFF, CurrentStaff, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { RegionService } from '@shanchou/regions';
import type { FastifyReply } from 'fastify';
import { Centres } from './centres';
import { CentreStockRow, MovementRow } from './goods.repository';
import { CustodyAction } from './logistics-enums';
import { StockService } from './stock.service';

const REGION_CODE = /^\d{6}(\d{3}){0,2}$/;

export const CUSTODY_ACTION_LABELS: Record<CustodyAction, string> = {
  [CustodyAction.REGISTERED]: '登记入库',
  [CustodyAction.REJECTED]: '拒收',
  [CustodyAction.DISINFECTED]: '消毒',
  [CustodyAction.PACKED]: '装包',
  [CustodyAction.DISPATCHED]: '发出',
  [CustodyAction.RECEIVED]: '签收',
  [CustodyAction.UNPACKED]: '拆包',
  [CustodyAction.DELIVERED]: '发放到户',
  [CustodyAction.STOCK_ADJUSTED]: '盘点调整',
  [CustodyAction.WRITTEN_OFF]: '核销',
};

interface MovementLine extends MovementRow {
  from: string;
  to: string;
}

const MOVEMENT_COLUMNS: ExportColumn<MovementLine>[] = [
  { header: '时间（北京时间）', kind: 'datetime', value: (r) => r.event.at },
  { header: '环节', kind: 'text', value: (r) => CUSTODY_ACTION_LABELS[r.event.action], width: 12 },
  { header: '物资编码', kind: 'text', value: (r) => r.itemCode ?? r.parcelCode, width: 16 },
  { header: '包裹编码', kind: 'text', value: (r) => r.parcelCode, width: 16 },
  { header: '品类', kind: 'text', value: (r) => r.category, width: 12 },
  { header: '物资说明', kind: 'text', value: (r) => r.description, width: 24 },
  { header: '所在中心', kind: 'text', value: (r) => r.from, width: 24 },
  { header: '去往中心', kind: 'text', value: (r) => r.to, width: 24 },
  // Only for steps taken inside the caller's scope (GoodsScope.stepShown).
  { header: '经办人', kind: 'text', value: (r) => r.event.actorUsername },
  { header: '备注', kind: 'text', value: (r) => r.event.note, width: 30 },
];

interface StockLine extends CentreStockRow {
  centre: string;
  regionCode: string;
}

const STOCK_COLUMNS: ExportColumn<StockLine>[] = [
  { header: '中心', kind: 'text', value: (r) => r.centre, width: 24 },
  { header: '区划代码', kind: 'text', value: (r) => r.regionCode, width: 14 },
  { header: '品类', kind: 'text', value: (r) => r.category, width: 12 },
  { header: '单位', kind: 'text', value: (r) => r.unit, width: 8 },
  { header: '在库', kind: 'int', value: (r) => r.inStock },
  { header: '其中已消毒', kind: 'int', value: (r) => r.disinfected },
  { header: '已装包', kind: 'int', value: (r) => r.packed },
  { header: '在途（发往本中心）', kind: 'int', value: (r) => r.inTransit },
  { header: '件数', kind: 'int', value: (r) => r.items },
];

/**
 * GET /exports/goods-movements.csv|.xlsx?regionCode=&from=&to= (交接记录) and
 * GET /exports/stock.csv|.xlsx?regionCode= (库存): staff, inside their scope; regionCode narrows
 * it (FORBIDDEN outside). Centre names come from the regions module, a batch at a time.
 */
@Allow({ staff: ANY_STAFF })
@Controller('exports')
export class GoodsExportController {
  constructor(
    private readonly stock: StockService,
    private readonly centres: Centres,
    private readonly regions: RegionService,
  ) {}

  @Get('goods-movements.:format')
  async movements(
    @Param('format') format: string,
    @Query('regionCode') regionCode: string | undefined,
    @Query('from') from: string | undefined,
    @Query('to') to: string | undefined,
    @CurrentStaff() me: StaffPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const as = parseExportFormat(format);
    const scope = await this.scopeOf(me, regionCode);
    const range = parseDayRange(from, to);
    await sendTable(reply, as, {
      filename: `goods-movements${regionCode ? `-${regionCode}` : ''}${from ? `-${from}` : ''}${to ? `-${to}` : ''}`,
      sheet: '物资交接记录',
      columns: MOVEMENT_COLUMNS,
      batches: this.movementLines(scope, range),
    });
  }

  @Get('stock.:format')
  async stockExport(
    @Param('format') format: string,
    @Query('regionCode') regionCode: string | undefined,
    @CurrentStaff() me: StaffPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const as = parseExportFormat(format);
    const scope = await this.scopeOf(me, regionCode);
    await sendTable(reply, as, {
      filename: `stock${regionCode ? `-${regionCode}` : ''}`,
      sheet: '库存',
      columns: STOCK_COLUMNS,
      batches: this.stockLines(scope),
    });
  }

  /** The caller's scope, or the part of it at and below regionCode (FORBIDDEN outside it). */
  private async scopeOf(me: StaffPrincipal, regionCode: string | undefined): Promise<RegionScope> {
    const scope = RegionScope.of(me);
    if (regionCode === undefined || regionCode === '') return scope;
    if (!REGION_CODE.test(regionCode))
      throw new InputError('regionCode', `不是行政区划代码：${regionCode.slice(0, 20)}`);
    return RegionScope.within(scope, await this.regions.requireByCode(regionCode, 'regionCode'));
  }

  private async *movementLines(scope: RegionScope, range: { from?: Date; to?: Date }): AsyncGenerator<MovementLine[]> {
    for await (const batch of this.stock.movementsInBatches(scope, range)) {
      const directory = await this.centres.directory({
        nodeIds: batch.flatMap((r) => [r.event.nodeId, r.event.toNodeId]),
      });
      const name = (id: string | null) => (id ? (directory.centre(id)?.node.name ?? '') : '');
      yield batch.map((r) => ({ ...r, from: name(r.event.nodeId), to: name(r.event.toNodeId) }));
    }
  }

  private async *stockLines(scope: RegionScope): AsyncGenerator<StockLine[]> {
    const rows = await this.stock.stockByCentre(scope);
    const directory = await this.centres.directory({ nodeIds: rows.map((r) => r.nodeId) });
    yield rows
      .map((r) => {
        const centre = directory.centre(r.nodeId);
        return { ...r, centre: centre?.node.name ?? '', regionCode: centre?.region.code ?? '' };
      })
      .sort((a, b) => a.regionCode.localeCompare(b.regionCode) || a.category.localeCompare(b.category));
  }
}
