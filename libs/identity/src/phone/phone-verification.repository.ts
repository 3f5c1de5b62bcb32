import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DonorEntity } from '../donor.entity';
import { PhoneVerificationEntity } from './phone-verification.entity';

/** unscoped: a donor's own codes and phone, by their donor id (donors have no region scope). */
@Injectable()
export class PhoneVerificationRepository {
  constructor(
    @InjectRepository(PhoneVerificationEntity) private readonly codes: Repository<PhoneVerificationEntity>,
    @InjectRepository(DonorEntity) private readonly donors: Repository<DonorEntity>,
  ) {}

  /** Holds the donor's row for the rest of `tx`: two code requests of one donor queue here. */
  async lockDonor(tx: EntityManager, donorId: string): Promise<DonorEntity | null> {
    return tx.getRepository(DonorEntity).findOne({ where: { id: donorId }, lock: { mode: 'pessimistic_write' } });
  }

  async latestOfDonor(tx: EntityManager, donorId: string): Promise<PhoneVerificationEntity | null> {
    return tx.getRepository(PhoneVerificationEntity).findOne({ where: { donorId }, order: { createdAt: 'DESC' } });
  }

  async countSince(tx: EntityManager, by: { donorId: string } | { phoneHash: string }, since: Date): Promise<number> {
    const [column, value] = 'donorId' in by ? ['donor_id', by.donorId] : ['phone_hash', by.phoneHash];
    const row = await tx
      .createQueryBuilder(PhoneVerificationEntity, 'v')
      .select('count(*)', 'n')
      .where(`v.${column} = :value AND v.created_at >= :since`, { value, since })
      .getRawOne<{ n: string | number }>();
    return Number(row?.n ?? 0);
  }

  /** With its id chosen by the caller: the code's HMAC is bound to it. */
  async insert(
    tx: EntityManager,
    row: Pick<PhoneVerificationEntity, 'id' | 'donorId' | 'phoneHash' | 'codeHash' | 'expiresAt'>,
  ): Promise<void> {
    await tx.insert(PhoneVerificationEntity, row);
  }

  async delete(id: string): Promise<void> {
    await this.codes.delete({ id });
  }

  /** The latest code sent to this donor for this number, whatever its state. */
  latestFor(donorId: string, phoneHash: string): Promise<PhoneVerificationEntity | null> {
    return this.codes.findOne({ where: { donorId, phoneHash }, order: { createdAt: 'DESC' } });
  }

  /**
   * Counts one try against a live code, in its own statement (a wrong code must count even though
   * the request then fails): the row after the count, or null when it was already used, expired
   * or out of tries.
   */
  async countTry(id: string, maxAttempts: number): Promise<PhoneVerificationEntity | null> {
    const result = await this.codes
      .createQueryBuilder()
      .update(PhoneVerificationEntity)
      .set({ attempts: () => 'attempts + 1' })
      .where('id = :id AND used_at IS NULL AND expires_at > now() AND attempts < :maxAttempts', { id, maxAttempts })
      .returning('*')
      .execute();
    const raw = (result.raw as Record<string, unknown>[])[0];
    return raw ? this.codes.create(fromRaw(raw)) : null;
  }

  /** Uses the code up inside the change it proves; false when another request used it first. */
  async consume(tx: EntityManager, id: string): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(PhoneVerificationEntity)
      .set({ usedAt: () => 'now()' })
      .where('id = :id AND used_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** The number is this donor's from now: taken off any other donor who proved it before. */
  async setDonorPhone(tx: EntityManager, donorId: string, phone: { hash: string; masked: string }): Promise<Date> {
    await tx
      .createQueryBuilder()
      .update(DonorEntity)
      .set({ phoneHash: null, phoneMasked: null, phoneVerifiedAt: null })
      .where('phone_hash = :hash AND id <> :donorId', { hash: phone.hash, donorId })
      .execute();
    const verifiedAt = new Date();
    await tx.update(
      DonorEntity,
      { id: donorId },
      { phoneHash: phone.hash, phoneMasked: phone.masked, phoneVerifiedAt: verifiedAt },
    );
    return verifiedAt;
  }

  async donorIdsByPhoneHash(tx: EntityManager, hashes: readonly string[]): Promise<Map<string, string>> {
    if (!hashes.length) return new Map();
    const rows = await tx
      .createQueryBuilder(DonorEntity, 'd')
      .select(['d.id', 'd.phoneHash'])
      .where('d.phone_hash IN (:...hashes)', { hashes: [...new Set(hashes)] })
      .getMany();
    return new Map(rows.map((d) => [d.phoneHash!, d.id]));
  }
}

function fromRaw(raw: Record<string, unknown>): Partial<PhoneVerificationEntity> {
  return {
    id: raw.id as string,
    donorId: raw.donor_id as string,
    phoneHash: raw.phone_hash as string,
    codeHash: raw.code_hash as string,
    createdAt: new Date(raw.created_at as string),
    expiresAt: new Date(raw.expires_at as string),
    attempts: Number(raw.attempts),
    usedAt: raw.used_at ? new Date(raw.used_at as string) : null,
  };
}
