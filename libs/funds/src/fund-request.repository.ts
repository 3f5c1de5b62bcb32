import { Injectable } from '@nestjs/common';
import { RegionScope } from '@shanchou/identity';
import { OwnedSeq } from '@shanchou/ledger';
import { Subtree } from '@shanchou/regions';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import {
  FundRequestAttachmentEntity,
  FundRequestEntity,
  FundRequestObjectionEntity,
  FundRequestStepEntity,
} from './fund-request.entities';
import { FundRequestStatus } from './fund-request-status';

/** Fund requests, their steps, objections and attachments. Requests are read through a scope. */
@Injectable()
export class FundRequestRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A request of a region inside the scope, or null. */
  findById(scope: RegionScope, id: string): Promise<FundRequestEntity | null> {
    return this.dataSource.manager
      .createQueryBuilder(FundRequestEntity, 'f')
      .where('f.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('f.region_id'))
      .getOne();
  }

  /** Locks a request of a region inside the scope (one gate at a time), or answers null. */
  lock(tx: EntityManager, scope: RegionScope, id: string): Promise<FundRequestEntity | null> {
    return tx
      .createQueryBuilder(FundRequestEntity, 'f')
      .where('f.id = :id', { id })
      .andWhere(...Subtree.of(scope).regionIn('f.region_id'))
      .setLock('pessimistic_write', undefined, ['f'])
      .getOne();
  }

  /**
   * The requests of regions inside the scope, newest first; of these statuses when any are named;
   * after `before` (the id of the last request of the previous page) when given.
   */
  list(
    scope: RegionScope,
    statuses: readonly FundRequestStatus[],
    page: { first: number; before?: string | null },
  ): Promise<FundRequestEntity[]> {
    const q = this.dataSource.manager
      .createQueryBuilder(FundRequestEntity, 'f')
      .where(...Subtree.of(scope).regionIn('f.region_id'))
      .orderBy('f.created_at', 'DESC')
      .addOrderBy('f.id', 'DESC')
      .take(page.first);
    if (statuses.length) q.andWhere('f.status IN (:...statuses)', { statuses });
    if (page.before)
      q.andWhere('(f.created_at, f.id) < (SELECT b.created_at, b.id FROM fund_request b WHERE b.id = :before)', {
        before: page.before,
      });
    return q.getMany();
  }

  /** Public by design: the requests on notice (公示) at `now`, the soonest to end first. */
  onNotice(now: Date): Promise<FundRequestEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(FundRequestEntity, 'f')
      .where('f.status = :status', { status: FundRequestStatus.PUBLICIZED })
      .andWhere('f.public_until > :now', { now })
      .orderBy('f.public_until', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .getMany();
  }

  /** Unscoped by rule: a request on notice, for an objection from the public. */
  lockOnNotice(tx: EntityManager, id: string): Promise<FundRequestEntity | null> {
    return tx.findOne(FundRequestEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * The next code of a day: ZJ + yyyymmdd + a four-digit number. Filing is rare: one filer of the
   * whole platform at a time numbers its request (a transaction-scoped advisory lock).
   */
  async nextCode(tx: EntityManager, day: string): Promise<string> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('fund_request_code'))`);
    const prefix = `ZJ${day}`;
    const [row] = await tx.query<{ last: number | null }[]>(
      `SELECT max(substring(code FROM 11))::int AS last FROM fund_request WHERE code LIKE $1`,
      [`${prefix}%`],
    );
    return `${prefix}${String((row?.last ?? 0) + 1).padStart(4, '0')}`;
  }

  insert(tx: EntityManager, request: Partial<FundRequestEntity>): Promise<FundRequestEntity> {
    return tx.save(FundRequestEntity, tx.create(FundRequestEntity, request));
  }

  async update(tx: EntityManager, id: string, changes: Partial<FundRequestEntity>): Promise<FundRequestEntity> {
    await tx.update(FundRequestEntity, { id }, changes);
    return tx.findOneByOrFail(FundRequestEntity, { id });
  }

  async addStep(tx: EntityManager, step: Partial<FundRequestStepEntity>): Promise<void> {
    await tx.insert(FundRequestStepEntity, step);
  }

  /** Steps of requests the caller already holds (read through its scope, or on notice), oldest first. */
  stepsOf(requestIds: readonly string[]): Promise<FundRequestStepEntity[]> {
    if (!requestIds.length) return Promise.resolve([]);
    return this.dataSource.manager.find(FundRequestStepEntity, {
      where: { fundRequestId: In([...requestIds]) },
      order: { at: 'ASC', id: 'ASC' },
    });
  }

  async addAttachments(
    tx: EntityManager,
    requestId: string,
    status: FundRequestStatus,
    fileIds: readonly string[],
  ): Promise<void> {
    if (!fileIds.length) return;
    await tx
      .createQueryBuilder()
      .insert()
      .into(FundRequestAttachmentEntity)
      .values(fileIds.map((fileId) => ({ fundRequestId: requestId, fileId, status })))
      .orIgnore()
      .execute();
  }

  /** Attachments of requests the caller already holds through its scope. */
  attachmentsOf(requestIds: readonly string[]): Promise<FundRequestAttachmentEntity[]> {
    if (!requestIds.length) return Promise.resolve([]);
    return this.dataSource.manager.find(FundRequestAttachmentEntity, {
      where: { fundRequestId: In([...requestIds]) },
      order: { attachedAt: 'ASC', fileId: 'ASC' },
    });
  }

  async addObjection(
    tx: EntityManager,
    objection: Partial<FundRequestObjectionEntity>,
  ): Promise<FundRequestObjectionEntity> {
    return tx.save(FundRequestObjectionEntity, tx.create(FundRequestObjectionEntity, objection));
  }

  /** Objections of requests the caller already holds through its scope, oldest first. */
  objectionsOf(requestIds: readonly string[]): Promise<FundRequestObjectionEntity[]> {
    if (!requestIds.length) return Promise.resolve([]);
    return this.dataSource.manager.find(FundRequestObjectionEntity, {
      where: { fundRequestId: In([...requestIds]) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** An objection to a request inside the scope, locked with its request, or null. */
  async lockObjection(
    tx: EntityManager,
    scope: RegionScope,
    objectionId: string,
  ): Promise<{ objection: FundRequestObjectionEntity; request: FundRequestEntity } | null> {
    const objection = await tx.findOne(FundRequestObjectionEntity, { where: { id: objectionId } });
    if (!objection) return null;
    const request = await this.lock(tx, scope, objection.fundRequestId);
    if (!request) return null;
    const locked = await tx.findOne(FundRequestObjectionEntity, {
      where: { id: objectionId },
      lock: { mode: 'pessimistic_write' },
    });
    return locked && { objection: locked, request };
  }

  async answerObjection(tx: EntityManager, id: string, changes: Partial<FundRequestObjectionEntity>): Promise<void> {
    await tx.update(FundRequestObjectionEntity, { id }, changes);
  }

  /** Objections of a request (locked by the caller) still waiting for an answer. */
  async unansweredObjections(tx: EntityManager, requestId: string): Promise<number> {
    return tx.count(FundRequestObjectionEntity, { where: { fundRequestId: requestId, answeredAt: IsNull() } });
  }

  /** The sequencer tells each request the seq of its DISBURSEMENT: one statement per batch. */
  async setLedgerSeqs(tx: EntityManager, seqs: OwnedSeq[]): Promise<void> {
    if (!seqs.length) return;
    await tx.query(
      `UPDATE fund_request f SET ledger_seq = s.seq
         FROM unnest($1::uuid[], $2::bigint[]) AS s(id, seq) WHERE f.id = s.id`,
      [seqs.map((s) => s.ownerId), seqs.map((s) => s.seq)],
    );
  }
}
