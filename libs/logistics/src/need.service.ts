import { Injectable } from '@nestjs/common';
import { ForbiddenError, InputError, InvalidTransitionError, Transactions } from '@shanchou/core';
import { AuditService, OutsideScopeError, RegionScope, Role, StaffPrincipal } from '@shanchou/identity';
import { RegionEntity, RegionLevel, RegionService } from '@shanchou/regions';
import { Centres } from './centres';
import { text } from './desk';
import { HouseholdService } from './household.service';
import { quantityOf } from './item.service';
import { NEED_STATUS_NAMES, NeedStatus } from './logistics-enums';
import { NeedNotFoundError } from './logistics.errors';
import { NeedEntity } from './need.entity';
import { NeedRepository } from './need.repository';
import { NewParcel, ParcelService } from './parcel.service';
import { ParcelEntity } from './parcel.entity';

export interface NewNeed {
  /** The village; the caller's own when omitted. */
  regionCode?: string | null;
  householdId?: string | null;
  category: string;
  quantity: number;
  unit?: string | null;
  note?: string | null;
}

/**
 * 帮扶需求: a village (or its town for it) posts what a household or the village needs; the
 * town and the district see the needs below them and answer them from stock with a parcel.
 */
@Injectable()
export class NeedService {
  constructor(
    private readonly repo: NeedRepository,
    private readonly households: HouseholdService,
    private readonly parcels: ParcelService,
    private readonly regions: RegionService,
    private readonly centres: Centres,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  async get(scope: RegionScope, id: string, field = 'needId'): Promise<NeedEntity> {
    const need = await this.repo.findById(scope, id);
    if (!need) throw new NeedNotFoundError(id, field);
    return need;
  }

  /** Needs of a region inside the scope and of the villages below it; open ones by default. */
  async list(scope: RegionScope, regionCode: string, statuses: NeedStatus[]): Promise<NeedEntity[]> {
    const region = await this.regions.requireByCode(regionCode, 'regionCode');
    if (!scope.covers(region)) throw new OutsideScopeError(`地区 ${regionCode}`);
    return this.repo.findInRegion(scope, region, statuses);
  }

  async post(actor: StaffPrincipal, input: NewNeed): Promise<NeedEntity> {
    const scope = RegionScope.of(actor);
    if (actor.role !== Role.VILLAGE_OPERATOR && actor.role !== Role.TOWN_OPERATOR) {
      throw new ForbiddenError('帮扶需求由村居提出，或由所属镇街代为提出');
    }
    const category = text(input.category, 'input.category', 32, true)!;
    const quantity = quantityOf(input.quantity, 'input.quantity');
    const unit = text(input.unit, 'input.unit', 16) ?? '件';
    const note = text(input.note, 'input.note', 500);
    const village = await this.village(scope, actor, input.regionCode ?? null);
    let householdId: string | null = null;
    if (input.householdId) {
      const household = await this.households.get(scope, input.householdId, 'input.householdId');
      if (household.regionId !== village.id) {
        throw new InputError('input.householdId', `这户不属于${village.name}`);
      }
      householdId = household.id;
    }
    return this.transactions.run(async (tx) => {
      const need = await this.repo.insert(tx, {
        regionId: village.id,
        householdId,
        category,
        quantity,
        unit,
        note,
        status: NeedStatus.OPEN,
        postedByStaffId: actor.staffId,
        parcelId: null,
      });
      await this.audit.record(tx, actor, {
        action: 'need.post',
        targetType: 'need',
        targetId: need.id,
        regionId: village.id,
        input: { ...input },
      });
      return need;
    });
  }

  /** An open need withdrawn by its village or town. */
  async cancel(actor: StaffPrincipal, id: string): Promise<NeedEntity> {
    const scope = RegionScope.of(actor);
    const found = await this.get(scope, id);
    if (actor.role !== Role.VILLAGE_OPERATOR && actor.role !== Role.TOWN_OPERATOR) {
      throw new ForbiddenError('帮扶需求只能由所在村居或所属镇街撤销，区里只能响应');
    }
    return this.transactions.run(async (tx) => {
      const need = await this.repo.lock(tx, scope, found.id);
      if (!need) throw new NeedNotFoundError(id);
      if (need.status !== NeedStatus.OPEN) {
        throw new InvalidTransitionError(`这条帮扶需求${NEED_STATUS_NAMES[need.status]}：只有待响应的需求可以撤销`);
      }
      const updated = await this.repo.update(tx, need.id, { status: NeedStatus.CANCELLED });
      await this.audit.record(tx, actor, {
        action: 'need.cancel',
        targetType: 'need',
        targetId: need.id,
        regionId: need.regionId,
        input: { needId: id },
      });
      return updated;
    });
  }

  /** Answered from the caller's stock: the items are packed into a parcel for the need. */
  async answer(actor: StaffPrincipal, input: NewParcel & { needId: string }): Promise<ParcelEntity> {
    if (actor.role !== Role.DISTRICT_ADMIN && actor.role !== Role.TOWN_OPERATOR) {
      throw new ForbiddenError('帮扶需求由村居上级的镇街或区里用库存物资响应');
    }
    await this.get(RegionScope.of(actor), input.needId, 'input.needId');
    return this.parcels.pack(actor, input);
  }

  private async village(scope: RegionScope, actor: StaffPrincipal, regionCode: string | null): Promise<RegionEntity> {
    const region = regionCode
      ? await this.regions.requireByCode(regionCode, 'input.regionCode')
      : (await this.regions.byIds([actor.regionId]))[0];
    if (!scope.covers(region)) throw new OutsideScopeError(`地区 ${region.name}（${region.code}）`);
    if (region.level !== RegionLevel.VILLAGE) {
      throw new InputError('input.regionCode', '帮扶需求是为某个村居提出的：请选择村居');
    }
    return region;
  }
}
