import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { DonorEntity } from './donor.entity';
import { SessionEntity } from './session.entity';
import { StaffEntity } from './staff.entity';

export interface SessionRow {
  session: SessionEntity;
  staff: StaffEntity | null;
}

@Injectable()
export class SessionRepository {
  constructor(
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(StaffEntity) private readonly staff: Repository<StaffEntity>,
    @InjectRepository(DonorEntity) private readonly donors: Repository<DonorEntity>,
  ) {}

  async insert(
    tx: EntityManager,
    session: Pick<SessionEntity, 'staffId' | 'donorId' | 'expiresAt' | 'clientAddress'>,
  ): Promise<SessionEntity> {
    return tx.save(SessionEntity, tx.create(SessionEntity, session));
  }

  /** unscoped: authenticating a token, before there is a caller or a scope. */
  async findWithStaff(sessionId: string): Promise<SessionRow | null> {
    const session = await this.sessions.findOneBy({ id: sessionId });
    if (!session) return null;
    const staff = session.staffId ? await this.staff.findOneBy({ id: session.staffId }) : null;
    return { session, staff };
  }

  async revoke(tx: EntityManager, sessionId: string): Promise<void> {
    await tx.update(SessionEntity, { id: sessionId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }

  async revokeAllOfStaff(tx: EntityManager, staffId: string, except?: string): Promise<void> {
    const query = tx
      .createQueryBuilder()
      .update(SessionEntity)
      .set({ revokedAt: () => 'now()' })
      .where('staff_id = :staffId AND revoked_at IS NULL', { staffId });
    if (except) query.andWhere('id <> :except', { except });
    await query.execute();
  }

  /** Deletes sessions that ended (expired or revoked) before `before`. */
  async purgeEnded(before: Date): Promise<number> {
    const result = await this.sessions
      .createQueryBuilder()
      .delete()
      .where('expires_at < :before OR revoked_at < :before', { before })
      .execute();
    return result.affected ?? 0;
  }

  async upsertDonor(tx: EntityManager, openid: string): Promise<DonorEntity> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(DonorEntity)
      .values({ openid, lastLoginAt: () => 'now()' })
      .orUpdate(['last_login_at'], ['openid'])
      .execute();
    return tx.findOneByOrFail(DonorEntity, { openid });
  }

  async setDonorDisplayName(id: string, displayName: string | null): Promise<void> {
    await this.donors.update({ id }, { displayName });
  }

  findDonor(id: string): Promise<DonorEntity | null> {
    return this.donors.findOneBy({ id });
  }
}
