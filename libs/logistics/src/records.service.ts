import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@shanchou/core';
import { OutsideScopeError, RegionScope } from '@shanchou/identity';
import { RegionService } from '@shanchou/regions';
import { Centres } from './centres';
import { DeliveryEntity } from './delivery.entity';
import { GoodsRepository } from './goods.repository';
import { HouseholdEntity } from './household.entity';
import { HouseholdService } from './household.service';
import { ItemEntity } from './item.entity';
import { CentreNotFoundError } from './logistics.errors';
import { StockAdjustmentEntity } from './stock-adjustment.entity';

/** A delivery as the records show it to a viewer. */
export interface DeliveryRecord {
  delivery: DeliveryEntity;
  household: HouseholdEntity;
  items: ItemEntity[];
  /** Whether the viewer may see the receiver's and the household's names. */
  privileged: boolean;
}

/**
 * What an auditor asks after the goods have moved: who received what, when, confirmed how; and
 * which stock-takes wrote what off, why, and who said so.
 */
@Injectable()
export class RecordsService {
  constructor(
    private readonly repo: GoodsRepository,
    private readonly regions: RegionService,
    private readonly households: HouseholdService,
    private readonly centres: Centres,
  ) {}

  /** Deliveries to the households of a region inside the scope, newest first. */
  async deliveries(scope: RegionScope, regionCode: string, limit: number): Promise<DeliveryRecord[]> {
    const region = await this.regions.requireByCode(regionCode, 'regionCode');
    if (!scope.covers(region)) throw new OutsideScopeError(`地区 ${regionCode}`);
    const deliveries = await this.repo.deliveriesTo(scope, region, limit);
    const households = new Map(
      (await this.households.byIds(scope, [...new Set(deliveries.map((d) => d.householdId))])).map((h) => [h.id, h]),
    );
    const items = await this.repo.itemsOfDeliveries(
      scope,
      deliveries.map((d) => d.id),
    );
    const ordered = deliveries.map((d) => households.get(d.householdId)!);
    const privileged = HouseholdService.isPrivileged(scope);
    return deliveries.map((delivery, i) => ({
      delivery,
      household: ordered[i],
      items: items.filter((item) => item.deliveryId === delivery.id),
      privileged,
    }));
  }

  /** The receiver's signature, for the staff of the household's village and town only. */
  async signature(scope: RegionScope, deliveryId: string): Promise<Buffer> {
    const notFound = new NotFoundError('Signature of delivery', deliveryId, 'deliveryId');
    const delivery = await this.repo.deliveryById(scope, deliveryId);
    if (!delivery) throw notFound;
    const [household] = await this.households.byIds(scope, [delivery.householdId]);
    if (!household || !HouseholdService.isPrivileged(scope)) throw notFound;
    const png = await this.repo.signatureOf(delivery.id);
    if (!png) throw notFound;
    return png;
  }

  /** The stock-takes at a centre inside the scope, newest first. */
  async adjustments(
    scope: RegionScope,
    nodeId: string,
    limit: number,
  ): Promise<(StockAdjustmentEntity & { item: ItemEntity })[]> {
    const directory = await this.centres.directory({ nodeIds: [nodeId] });
    const centre = directory.centre(nodeId);
    if (!centre) throw new CentreNotFoundError(nodeId);
    if (!scope.covers(centre.region)) throw new OutsideScopeError(`${centre.node.name}的盘点记录`);
    return this.repo.adjustmentsAt(scope, nodeId, limit);
  }
}
