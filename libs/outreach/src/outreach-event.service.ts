import { Injectable } from '@nestjs/common';
import { ConflictError, InputError, InvalidTransitionError, Transactions } from '@shanchou/core';
import { FilePurpose, FilesService } from '@shanchou/files';
import { AuditService, OutsideScopeError, RegionScope, StaffPrincipal } from '@shanchou/identity';
import { RegionEntity, RegionService } from '@shanchou/regions';
import { EntityManager } from 'typeorm';
import { EVENT_PHOTOS_MAX, EventRecordEntity, ServiceLine } from './event-record.entity';
import { EventRepository, PublicEventFilter } from './event.repository';
import { OutreachEventEntity } from './outreach-event.entity';
import { EventNotFoundError } from './outreach.errors';
import { OutreachNotices } from './outreach-notices.service';
import { EventStatus, NoticeKind, OutreachKind, SignUpStatus } from './outreach-kind';
import { SeatCounts, SignUpRepository } from './sign-up.repository';
import { SignUpService } from './sign-up.service';

/** An event's status as its refusals say it. */
const EVENT_STATUS_WORDS: Record<EventStatus, string> = {
  [EventStatus.SCHEDULED]: '尚未开始',
  [EventStatus.COMPLETED]: '已经结束',
  [EventStatus.CANCELLED]: '已取消',
};

export interface NewEvent {
  title: string;
  kind: OutreachKind;
  regionCode: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  description?: string | null;
  place?: string | null;
  organiser?: string | null;
  neededSkills?: string[] | null;
}

export type EventChanges = Partial<NewEvent>;

export interface EventListFilter {
  regionCode?: string;
  kind?: OutreachKind;
  from?: Date;
  to?: Date;
}

export interface EventOutcome {
  peopleServed: number;
  services?: { name: string; quantity?: number | null; unit?: string | null }[] | null;
  /** Addresses typed in by older callers. */
  photoUrls?: string[] | null;
  /** Uploaded event-photo files, in the order shown. */
  photoIds?: string[] | null;
  summary?: string | null;
}

/** A demo event of the seed: days from today, Asia/Shanghai wall-clock times. */
export interface DemoEvent {
  title: string;
  kind: OutreachKind;
  regionCode: string;
  place: string;
  organiser: string;
  description: string;
  neededSkills: string[];
  capacity: number;
  inDays: number;
  from: string;
  until: string;
}

/** One outreach event lasts at most a day: a longer campaign is one event a day. */
export const MAX_EVENT_MS = 24 * 3600_000;
/** What a list answers at most. */
export const EVENT_LIST_LIMIT = 200;

const HELD_SEATS: readonly SignUpStatus[] = [SignUpStatus.CONFIRMED, SignUpStatus.WAITLISTED];

/**
 * 下乡活动: scheduled by staff inside their region, edited and cancelled there (the volunteers
 * signed up are told), listed publicly, and recorded after the event.
 */
@Injectable()
export class OutreachEventService {
  constructor(
    private readonly events: EventRepository,
    private readonly signUps: SignUpRepository,
    private readonly seats: SignUpService,
    private readonly notices: OutreachNotices,
    private readonly regions: RegionService,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
    private readonly files: FilesService,
  ) {}

  async create(
    scope: RegionScope,
    actor: StaffPrincipal,
    input: NewEvent,
    now = new Date(),
  ): Promise<OutreachEventEntity> {
    const region = await this.regions.requireByCode(input.regionCode, 'input.regionCode');
    this.assertInScope(scope, region);
    const fields = this.validate(input, now);
    const organiser = input.organiser?.trim() || (await this.regionName(actor.regionId));
    return this.transactions.run(async (tx) => {
      const event = await this.events.insert(tx, {
        ...fields,
        regionId: region.id,
        place: input.place?.trim() || region.name,
        organiser,
        createdByStaffId: actor.staffId,
      });
      await this.notices.scheduleReminders(tx, event, now);
      await this.audit.record(tx, actor, {
        action: 'outreach_event.create',
        targetType: 'outreach_event',
        targetId: event.id,
        regionId: region.id,
        input: { ...input },
      });
      return event;
    });
  }

  /**
   * Changes what is given. A new start time reschedules the reminders; a new time or place is
   * told to everyone holding a seat or waiting; more seats confirm the first on the waitlist.
   */
  async update(
    scope: RegionScope,
    actor: StaffPrincipal,
    eventId: string,
    changes: EventChanges,
    now = new Date(),
  ): Promise<OutreachEventEntity> {
    const current = await this.requireInScope(scope, eventId, true);
    const newRegion = changes.regionCode
      ? await this.regions.requireByCode(changes.regionCode, 'input.regionCode')
      : undefined;
    if (newRegion) this.assertInScope(scope, newRegion);
    return this.transactions.run(async (tx) => {
      const event = await this.lockAsChecked(tx, scope, current);
      this.assertChangeable(event, now);
      const retimed =
        (changes.startsAt !== undefined && changes.startsAt.getTime() !== event.startsAt.getTime()) ||
        (changes.endsAt !== undefined && changes.endsAt.getTime() !== event.endsAt.getTime());
      if (retimed && now.getTime() >= event.startsAt.getTime()) {
        throw new InvalidTransitionError(`活动「${event.title}」已经开始，时间不能再改`);
      }
      const next = this.validate(
        {
          title: changes.title ?? event.title,
          kind: changes.kind ?? event.kind,
          startsAt: changes.startsAt ?? event.startsAt,
          endsAt: changes.endsAt ?? event.endsAt,
          capacity: changes.capacity ?? event.capacity,
          description: changes.description !== undefined ? changes.description : event.description,
          neededSkills: changes.neededSkills ?? event.neededSkills,
        },
        retimed ? now : null,
      );
      const counts = await this.countsIn(tx, event.id);
      if (next.capacity < counts.confirmed) {
        throw new InputError('input.capacity', `已有 ${counts.confirmed} 位志愿者占了名额，名额不能少于这个数`);
      }
      const otherVillage = newRegion !== undefined && newRegion.id !== event.regionId;
      // Moved to another village without a place named there: the village itself.
      const place = changes.place?.trim() || (otherVillage ? newRegion.name : event.place);
      const moved = otherVillage || place !== event.place;
      const updated = await this.events.update(tx, event.id, {
        ...next,
        regionId: newRegion?.id ?? event.regionId,
        place,
        organiser: changes.organiser?.trim() || event.organiser,
        revision: event.revision + 1,
      });
      if (updated.capacity > event.capacity) await this.seats.fillFreedSeats(tx, updated);
      if (retimed) await this.notices.scheduleReminders(tx, updated, now);
      if (retimed || moved) {
        const told = await this.signUps.withStatus(updated.id, HELD_SEATS, tx);
        await this.notices.tell(tx, told, NoticeKind.EVENT_CHANGED, String(updated.revision));
      }
      await this.audit.record(tx, actor, {
        action: 'outreach_event.update',
        targetType: 'outreach_event',
        targetId: event.id,
        regionId: updated.regionId,
        input: { eventId, ...changes },
      });
      return updated;
    });
  }

  /** SCHEDULED → CANCELLED; everyone holding a seat or waiting is told why. */
  async cancel(
    scope: RegionScope,
    actor: StaffPrincipal,
    eventId: string,
    reason: string,
    now = new Date(),
  ): Promise<OutreachEventEntity> {
    const why = reason.trim();
    if (!why) throw new InputError('reason', '请写明取消活动的原因');
    const current = await this.requireInScope(scope, eventId, true);
    return this.transactions.run(async (tx) => {
      const event = await this.lockAsChecked(tx, scope, current);
      this.assertChangeable(event, now);
      const cancelled = await this.events.update(tx, event.id, {
        status: EventStatus.CANCELLED,
        cancelReason: why,
        revision: event.revision + 1,
      });
      const told = await this.signUps.withStatus(event.id, [...HELD_SEATS, SignUpStatus.CHECKED_IN], tx);
      await this.notices.tell(tx, told, NoticeKind.EVENT_CANCELLED, 'cancelled');
      await this.audit.record(tx, actor, {
        action: 'outreach_event.cancel',
        targetType: 'outreach_event',
        targetId: event.id,
        regionId: event.regionId,
        input: { eventId, reason: why },
      });
      return cancelled;
    });
  }

  /**
   * 活动记录, filed (or corrected: the whole record is replaced) after the event ends: people
   * served, services delivered, photos (event-photo files uploaded by staff in the scope, shown
   * publicly with the event). The event becomes COMPLETED.
   */
  async recordOutcome(
    scope: RegionScope,
    actor: StaffPrincipal,
    eventId: string,
    input: EventOutcome,
    now = new Date(),
  ): Promise<OutreachEventEntity> {
    const current = await this.requireInScope(scope, eventId, true);
    if (!Number.isSafeInteger(input.peopleServed) || input.peopleServed < 0) {
      throw new InputError('input.peopleServed', '服务群众人次应为 0 或更大的整数');
    }
    const services: ServiceLine[] = (input.services ?? []).map((s, i) => {
      const name = s.name.trim();
      if (!name) throw new InputError(`input.services[${i}].name`, `第 ${i + 1} 项服务内容没有名称`);
      return { name, quantity: s.quantity ?? null, unit: s.unit?.trim() || null };
    });
    const photoUrls = input.photoUrls ?? [];
    photoUrls.forEach((url, i) => {
      if (!/^https:\/\/\S+$/.test(url))
        throw new InputError(`input.photoUrls[${i}]`, `照片地址应为 https:// 开头的网址：${url.slice(0, 60)}`);
    });
    const photoIds = await this.photos(scope, input.photoIds ?? []);
    return this.transactions.run(async (tx) => {
      const event = await this.lockAsChecked(tx, scope, current);
      if (event.status === EventStatus.CANCELLED) {
        throw new InvalidTransitionError(`活动「${event.title}」已取消，没有成果可记录`);
      }
      if (now.getTime() < event.endsAt.getTime()) {
        throw new InvalidTransitionError(`活动「${event.title}」还没有结束：请在结束后记录活动成果`);
      }
      await this.events.upsertRecord(tx, {
        eventId: event.id,
        peopleServed: input.peopleServed,
        services,
        photoUrls,
        photoIds,
        summary: input.summary?.trim() || null,
        recordedByStaffId: actor.staffId,
        recordedAt: now,
      });
      const completed = await this.events.update(tx, event.id, { status: EventStatus.COMPLETED });
      await this.audit.record(tx, actor, {
        action: 'outreach_event.record',
        targetType: 'outreach_event',
        targetId: event.id,
        regionId: event.regionId,
        input: { eventId, ...input },
      });
      return completed;
    });
  }

  /**
   * The photos of a record: each an event-photo file uploaded by staff in the scope (BAD_USER_INPUT
   * naming `input.photoIds[i]` otherwise), at most EVENT_PHOTOS_MAX; a photo sent twice is kept once.
   */
  private async photos(scope: RegionScope, ids: readonly string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length > EVENT_PHOTOS_MAX) {
      throw new InputError('input.photoIds', `照片最多 ${EVENT_PHOTOS_MAX} 张，收到 ${unique.length} 张`);
    }
    if (unique.length > 0) await this.files.requireFiles(scope, ids, [FilePurpose.EVENT_PHOTO], 'input.photoIds');
    return unique;
  }

  /** unscoped: public, any event by its id (a volunteer's QR code, their certificate). */
  async require(eventId: string, field = 'eventId'): Promise<OutreachEventEntity> {
    const event = await this.events.publicById(eventId);
    if (!event) throw new EventNotFoundError(eventId, field);
    return event;
  }

  /**
   * An event inside the scope, for staff; `changing`: to change it, which an auditor may not.
   * Outside it FORBIDDEN rather than NOT_FOUND: events are public, so saying so hides nothing.
   */
  async requireInScope(scope: RegionScope, eventId: string, changing = false): Promise<OutreachEventEntity> {
    const event = await this.events.findInScope(scope, eventId);
    if (event && (scope.mayChange || !changing)) return event;
    const found = event ?? (await this.require(eventId));
    throw new OutsideScopeError(`地区 ${(await this.regionOf(found)).code}`);
  }

  /** unscoped: public. */
  publicByIds(ids: readonly string[]): Promise<OutreachEventEntity[]> {
    return this.events.publicByIds(ids);
  }

  /**
   * unscoped: the public listing, by region subtree, kind, and time (events still running at
   * `from`, now by default).
   */
  async list(filter: EventListFilter, now = new Date()): Promise<OutreachEventEntity[]> {
    const where: PublicEventFilter = { kind: filter.kind, endsAfter: filter.from ?? now, startsBefore: filter.to };
    if (filter.regionCode) {
      const region = await this.regions.requireByCode(filter.regionCode, 'regionCode');
      where.within = { rootPath: region.path };
    }
    return this.events.publicEvents(where, EVENT_LIST_LIMIT);
  }

  /** unscoped: public, the seats taken and waited for are shown with every event. */
  counts(eventIds: readonly string[]): Promise<Map<string, SeatCounts>> {
    return this.signUps.counts(eventIds);
  }

  /** unscoped: public, an event's record is shown with it. */
  records(eventIds: readonly string[]): Promise<EventRecordEntity[]> {
    return this.events.publicRecords(eventIds);
  }

  /**
   * For the demo seed: each demo event, unless one of that title is still to come in its
   * village; so the demo always has upcoming events, however long ago it was first loaded.
   */
  async provisionDemo(demo: DemoEvent[], now = new Date()): Promise<number> {
    let created = 0;
    for (const d of demo) {
      const region = await this.regions.requireByCode(d.regionCode);
      if (await this.events.findUpcoming(region.id, d.title, now)) continue;
      const day = new Date(now.getTime() + 8 * 3600_000 + d.inDays * 86400_000).toISOString().slice(0, 10);
      const startsAt = new Date(`${day}T${d.from}:00+08:00`);
      const endsAt = new Date(`${day}T${d.until}:00+08:00`);
      await this.transactions.run(async (tx) => {
        const event = await this.events.insert(tx, {
          ...this.validate({ ...d, startsAt, endsAt }, now),
          regionId: region.id,
          place: d.place,
          organiser: d.organiser,
          createdByStaffId: null,
        });
        await this.notices.scheduleReminders(tx, event, now);
      });
      created++;
    }
    return created;
  }

  regionOf(event: Pick<OutreachEventEntity, 'regionId'>): Promise<RegionEntity> {
    return this.regions.byIds([event.regionId]).then(([region]) => region);
  }

  private async regionName(regionId: string): Promise<string> {
    const [region] = await this.regions.byIds([regionId]);
    return region?.name ?? '善筹';
  }

  /** Locks the event found in the scope before the transaction; it must not have moved since. */
  private async lockAsChecked(
    tx: EntityManager,
    scope: RegionScope,
    checked: OutreachEventEntity,
  ): Promise<OutreachEventEntity> {
    const event = await this.events.lockInScope(tx, scope, checked.id);
    if (!event || event.regionId !== checked.regionId) {
      throw new ConflictError(`活动「${checked.title}」刚被改到了别的地区，请重试`, 'eventId');
    }
    return event;
  }

  private async countsIn(tx: EntityManager, eventId: string): Promise<SeatCounts> {
    return (await this.signUps.counts([eventId], tx)).get(eventId) ?? { confirmed: 0, waitlisted: 0, checkedIn: 0 };
  }

  /** For a region the caller named: inside the scope, and the caller may change things. */
  private assertInScope(scope: RegionScope, region: RegionEntity): void {
    if (!scope.covers(region) || !scope.mayChange) throw new OutsideScopeError(`地区 ${region.code}`);
  }

  private assertChangeable(event: OutreachEventEntity, now: Date): void {
    if (event.status !== EventStatus.SCHEDULED) {
      throw new InvalidTransitionError(`活动「${event.title}」${EVENT_STATUS_WORDS[event.status]}，不能再修改`);
    }
    if (now.getTime() >= event.endsAt.getTime()) {
      throw new InvalidTransitionError(`活动「${event.title}」已经结束，不能再修改`);
    }
  }

  /** The fields every event must satisfy; `now` set: the start must lie ahead of it. */
  private validate(
    input: Pick<NewEvent, 'title' | 'kind' | 'startsAt' | 'endsAt' | 'capacity' | 'description' | 'neededSkills'>,
    now: Date | null,
  ): Pick<OutreachEventEntity, 'title' | 'kind' | 'startsAt' | 'endsAt' | 'capacity' | 'description' | 'neededSkills'> {
    const title = input.title.trim();
    if (!title) throw new InputError('input.title', '活动名称不能为空');
    if (Number.isNaN(input.startsAt.getTime())) throw new InputError('input.startsAt', '开始时间不是有效的时间');
    if (Number.isNaN(input.endsAt.getTime())) throw new InputError('input.endsAt', '结束时间不是有效的时间');
    if (now && input.startsAt.getTime() <= now.getTime()) {
      throw new InputError('input.startsAt', '开始时间须晚于现在');
    }
    if (input.endsAt.getTime() <= input.startsAt.getTime())
      throw new InputError('input.endsAt', '结束时间须晚于开始时间');
    if (input.endsAt.getTime() - input.startsAt.getTime() > MAX_EVENT_MS) {
      throw new InputError('input.endsAt', '一次活动最长 24 小时：多天的活动请每天建一次');
    }
    if (!Number.isSafeInteger(input.capacity) || input.capacity < 1) {
      throw new InputError('input.capacity', '名额须为整数，至少 1 个');
    }
    return {
      title,
      kind: input.kind,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      capacity: input.capacity,
      description: input.description?.trim() || null,
      neededSkills: [...new Set((input.neededSkills ?? []).map((s) => s.trim()).filter(Boolean))],
    };
  }
}
