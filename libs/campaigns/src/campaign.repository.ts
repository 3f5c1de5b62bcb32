import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { CampaignStatus } from './campaign-kind';
import { CampaignEntity } from './campaign.entity';

export interface CampaignListFilter {
  status?: CampaignStatus;
  /** That one campaign only. */
  id?: string;
}

/**
 * The SQL of campaigns; rules live in CampaignService. Campaigns are public (anyone lists them and
 * gives to them; a district admin runs them), so no read here takes a region scope.
 */
@Injectable()
export class CampaignRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** Oldest first. */
  list(filter: CampaignListFilter = {}): Promise<CampaignEntity[]> {
    const where: Partial<Pick<CampaignEntity, 'status' | 'id'>> = {};
    if (filter.status) where.status = filter.status;
    if (filter.id) where.id = filter.id;
    return this.manager().find(CampaignEntity, { where, order: { createdAt: 'ASC' } });
  }

  bySlug(slug: string): Promise<CampaignEntity | null> {
    return this.manager().findOneBy(CampaignEntity, { slug });
  }

  byIds(ids: readonly string[]): Promise<CampaignEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.manager().findBy(CampaignEntity, { id: In([...ids]) });
  }

  /** Inside a transaction, pass its manager: a second connection would wait on the first. */
  byId(id: string, tx?: EntityManager): Promise<CampaignEntity | null> {
    return this.manager(tx).findOneBy(CampaignEntity, { id });
  }

  /** Locks the campaign for the rest of the transaction; null when there is none. */
  lock(tx: EntityManager, id: string): Promise<CampaignEntity | null> {
    return tx.findOne(CampaignEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  insert(tx: EntityManager, fields: Partial<CampaignEntity>): Promise<CampaignEntity> {
    return tx.save(CampaignEntity, tx.create(CampaignEntity, fields));
  }

  async update(tx: EntityManager, id: string, changes: Partial<CampaignEntity>): Promise<void> {
    await tx.update(CampaignEntity, { id }, changes);
  }

  /** The campaign as it stands in the transaction. */
  reread(tx: EntityManager, id: string): Promise<CampaignEntity> {
    return tx.findOneByOrFail(CampaignEntity, { id });
  }

  /** Adds to the raised amount and the number of gifts (negative values take away). */
  async credit(tx: EntityManager, id: string, amountFen: number, gifts: number): Promise<void> {
    await tx.query(
      'UPDATE campaign SET raised_fen = raised_fen + $2, donation_count = donation_count + $3, updated_at = now() WHERE id = $1',
      [id, amountFen, gifts],
    );
  }
}
