import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { InputError } from '@shanchou/core';
import { Allow, ANY_STAFF, CurrentStaff, RegionScope, StaffPrincipal } from '@shanchou/identity';
import type { FastifyReply } from 'fastify';
import { Centres } from './centres';
import { CodeKind, parseGoodsCode } from './goods-code';
import { GoodsRepository } from './goods.repository';
import { ItemService } from './item.service';
import { LabelContent, LABELS_PER_SHEET, LabelService, shanghaiDate } from './label.service';
import { ParcelService } from './parcel.service';

const FILE = /^(.+)\.(svg|png)$/i;

/**
 * QR labels for staff to print: GET /labels/items/IT-….svg (or .png), /labels/parcels/PK-….svg,
 * and /labels/sheet.svg?codes=IT-…,PK-… (an A4 sheet of up to 24). Bearer token; scope applies.
 */
@Allow({ staff: ANY_STAFF })
@Controller('labels')
export class LabelsController {
  constructor(
    private readonly items: ItemService,
    private readonly parcels: ParcelService,
    private readonly goods: GoodsRepository,
    private readonly centres: Centres,
    private readonly labels: LabelService,
  ) {}

  @Get('items/:file')
  async item(
    @Param('file') file: string,
    @CurrentStaff() me: StaffPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.one(file, CodeKind.ITEM, me, reply);
  }

  @Get('parcels/:file')
  async parcel(
    @Param('file') file: string,
    @CurrentStaff() me: StaffPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.one(file, CodeKind.PARCEL, me, reply);
  }

  @Get('sheet.svg')
  async sheet(
    @Query('codes') codes: string | undefined,
    @CurrentStaff() me: StaffPrincipal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const list = (codes ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (list.length === 0) throw new InputError('codes', '请填写要打印的编码，多个编码用逗号分隔');
    if (list.length > LABELS_PER_SHEET) {
      throw new InputError('codes', `一张 A4 纸最多打印 ${LABELS_PER_SHEET} 个标签：请分几张打印`);
    }
    const scope = RegionScope.of(me);
    const contents: LabelContent[] = [];
    for (const [i, raw] of list.entries()) contents.push(await this.content(scope, raw, `codes[${i}]`));
    void reply
      .header('content-type', 'image/svg+xml; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(this.labels.sheetSvg(contents));
  }

  private async one(file: string, kind: CodeKind, me: StaffPrincipal, reply: FastifyReply): Promise<void> {
    const match = FILE.exec(file);
    if (!match) throw new InputError('file', '文件名应为 <编码>.svg 或 <编码>.png');
    const { code } = parseGoodsCode(match[1], 'code', [kind]);
    const content = await this.content(RegionScope.of(me), code, 'code');
    if (match[2].toLowerCase() === 'png') {
      void reply
        .header('content-type', 'image/png')
        .header('cache-control', 'no-store')
        .send(await this.labels.qrPng(content.code));
      return;
    }
    void reply
      .header('content-type', 'image/svg+xml; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(this.labels.labelSvg(content));
  }

  /** What the label of an item or parcel inside the scope says; NOT_FOUND outside it. */
  private async content(scope: RegionScope, raw: string, field: string): Promise<LabelContent> {
    const { kind } = parseGoodsCode(raw, field, [CodeKind.ITEM, CodeKind.PARCEL]);
    if (kind === CodeKind.ITEM) {
      const item = await this.items.get(scope, raw, field);
      const directory = await this.centres.directory({ nodeIds: [item.registeredNodeId] });
      return {
        code: item.code,
        title: `${item.category} · ${item.description}`,
        detail: `${item.quantity}${item.unit}`,
        place: directory.name(item.registeredNodeId),
        date: shanghaiDate(item.registeredAt),
      };
    }
    const parcel = await this.parcels.get(scope, raw, field);
    const { items, othersCount } = (await this.goods.contentsOf(scope, [parcel.id])).get(parcel.id)!;
    const directory = await this.centres.directory({ nodeIds: [parcel.packedNodeId] });
    return {
      code: parcel.code,
      title: `包裹 ${[...new Set(items.map((i) => i.category))].join('、')}`,
      detail: `${items.length + othersCount} 件物品`,
      place: directory.name(parcel.packedNodeId),
      date: shanghaiDate(parcel.packedAt),
    };
  }
}
