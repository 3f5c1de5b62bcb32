import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { RegionScope } from '@shanchou/identity';
import { Subtree, SubtreeRoot } from '@shanchou/regions';
import { EntityManager, In, Repository } from 'typeorm';
import { EventRecordEntity } from './event-record.entity';
import { OutreachEventEntity } from './outreach-event.entity';
import { EventStatus, OutreachKind } from './outreach-kind';

export interface PublicEventFilter {
  /** Events of this region and the regions below it; any region when omitted. */
  within?: SubtreeRoot;
  kind?: OutreachKind;
  /** Events still running at or after this time. */
  endsAfter?: Date;
  /** Events starting before this time. */
  startsBefore?: Date;
}

export type NewEventRow = Pick<
  OutreachEventEntity,
  | 'title'
  | 'kind'
  | 'regionId'
  | 'place'
  | 'description'
  | 'organiser'
  | 'neededSkills'
  | 'startsAt'
  | 'endsAt'
  | 'capacity'
  | 'createdByStaffId'
>;

/**
 * The SQL of outreach events and their records. Events are public (anyone lists them, reads one,
 * signs up): the `public*` reads are unscoped by that rule; what staff do goes through a scope.
 */
@Injectable()
export class EventRepository {
  constructor(
    @InjectRepository(OutreachEventEntity) private readonly events: Repository<OutreachEventEntity>,
    @InjectRepository(EventRecordEntity) private readonly records: Repository<EventRecordEntity>,
  ) {}

  insert(tx: EntityManager, row: NewEventRow): Promise<OutreachEventEntity> {
    return tx.save(OutreachEventEntity, tx.create(OutreachEventEntity, { ...row, status: EventStatus.SCHEDULED }));
  }

  /** unscoped: public. */
  publicById(id: string): Promise<OutreachEventEntity | null> {
    return this.events.findOneBy({ id });
  }

  /** unscoped: public. */
  publicByIds(ids: readonly string[]): Promise<OutreachEventEntity[]> {
    return this.events.findBy({ id: In([...ids]) });
  }

  /** Scheduled events starting after `from` and no later than `to` (the reminder sweeper). unscoped: public. */
  publicScheduledStarting(from: Date, to: Date): Promise<OutreachEventEntity[]> {
    return this.events
      .createQueryBuilder('e')
      .where('e.status = :status', { status: EventStatus.SCHEDULED })
      .andWhere('e.starts_at > :from AND e.starts_at <= :to', { from, to })
      .orderBy('e.starts_at')
      .limit(1000)
      .getMany();
  }

  /** An event of a region inside the scope; null otherwise. */
  findInScope(scope: RegionScope, id: string): Promise<OutreachEventEntity | null> {
    return this.events
      .createQueryBuilder('e')
      .where('e.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('e.region_id'))
      .getOne();
  }

  /**
   * Locks the event for the rest of the transaction: seats are counted and given under it.
   * unscoped: a volunteer signs up to (or gives up) a seat at a public event.
   */
  lockForSeats(tx: EntityManager, id: string): Promise<OutreachEventEntity | null> {
    return tx.findOne(OutreachEventEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Locks an event inside the scope, for staff changing it; null outside it. */
  lockInScope(tx: EntityManager, scope: RegionScope, id: string): Promise<OutreachEventEntity | null> {
    return tx
      .createQueryBuilder(OutreachEventEntity, 'e')
      .setLock('pessimistic_write')
      .where('e.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('e.region_id'))
      .getOne();
  }

  async update(
    tx: EntityManager,
    id: string,
    changes: Partial<Omit<OutreachEventEntity, 'id' | 'createdAt' | 'updatedAt'>>,
  ): Promise<OutreachEventEntity> {
    await tx.update(OutreachEventEntity, { id }, changes);
    return tx.findOneByOrFail(OutreachEventEntity, { id });
  }

  /** unscoped: public listing. Earliest first; at most `limit`. */
  publicEvents(filter: PublicEventFilter, limit: number): Promise<OutreachEventEntity[]> {
    const q = this.events.createQueryBuilder('e').orderBy('e.starts_at', 'ASC').addOrderBy('e.id', 'ASC').limit(limit);
    if (filter.within) q.andWhere(...Subtree.of(filter.within, 'within').regionIn('e.region_id'));
    if (filter.kind) q.andWhere('e.kind = :kind', { kind: filter.kind });
    if (filter.endsAfter) q.andWhere('e.ends_at > :endsAfter', { endsAfter: filter.endsAfter });
    if (filter.startsBefore) q.andWhere('e.starts_at < :startsBefore', { startsBefore: filter.startsBefore });
    return q.getMany();
  }

  /** unscoped: for the demo seed, a scheduled event of this title in the region, not yet started. */
  findUpcoming(regionId: string, title: string, now: Date): Promise<OutreachEventEntity | null> {
    return this.events
      .createQueryBuilder('e')
      .where('e.region_id = :regionId AND e.title = :title AND e.status = :status AND e.starts_at > :now', {
        regionId,
        title,
        status: EventStatus.SCHEDULED,
        now,
      })
      .getOne();
  }

  /** unscoped: public, the record of an event is shown with it. */
  publicRecords(eventIds: readonly string[]): Promise<EventRecordEntity[]> {
    return this.records.findBy({ eventId: In([...eventIds]) });
  }

  async upsertRecord(
    tx: EntityManager,
    record: Omit<EventRecordEntity, 'updatedAt' | 'event' | 'recordedBy'>,
  ): Promise<EventRecordEntity> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(EventRecordEntity)
      .values(record)
      .orUpdate(
        [
          'people_served',
          'services',
          'photo_urls',
          'photo_ids',
          'summary',
          'recorded_by_staff_id',
          'recorded_at',
          'updated_at',
        ],
        ['event_id'],
      )
      .execute();
    return tx.findOneByOrFail(EventRecordEntity, { eventId: record.eventId });
  }
}
