import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { RegionScope } from '@shanchou/identity';
import { Subtree } from '@shanchou/regions';
import { EntityManager, In, Repository } from 'typeorm';
import { PUBLIC_PURPOSES } from './file-purpose';
import { StoredFileEntity } from './stored-file.entity';

/** The SQL of stored files. A file belongs to the region of its uploader: reads of private files take a scope. */
@Injectable()
export class StoredFileRepository {
  constructor(@InjectRepository(StoredFileEntity) private readonly files: Repository<StoredFileEntity>) {}

  /** Files among `ids` whose region lies inside the scope; the others are left out, whether or not they exist. */
  inScope(scope: RegionScope, ids: readonly string[], tx?: EntityManager): Promise<StoredFileEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return (tx ? tx.getRepository(StoredFileEntity) : this.files)
      .createQueryBuilder('f')
      .where('f.id IN (:...ids)', { ids })
      .andWhere(...Subtree.of(scope).regionIn('f.region_id'))
      .getMany();
  }

  /** unscoped: campaign images and event photos are public, whoever uploaded them. */
  publicByIds(ids: readonly string[]): Promise<StoredFileEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.files.findBy({ id: In([...ids]), purpose: In([...PUBLIC_PURPOSES]) });
  }

  /** unscoped: the public address names the content; only a public file answers to it. */
  publicByContent(sha256: string, ext: string): Promise<StoredFileEntity | null> {
    return this.files.findOneBy({ sha256, ext, purpose: In([...PUBLIC_PURPOSES]) });
  }

  /** A private file the scope covers, or null. */
  async oneInScope(scope: RegionScope, id: string): Promise<StoredFileEntity | null> {
    return (await this.inScope(scope, [id]))[0] ?? null;
  }

  /** A file that belongs to this donor, or null. */
  ownedBy(donorId: string, id: string): Promise<StoredFileEntity | null> {
    return this.files.findOneBy({ id, ownerDonorId: donorId });
  }

  /** unscoped: a signed ticket already stands for the caller's right to the file. */
  byId(id: string): Promise<StoredFileEntity | null> {
    return this.files.findOneBy({ id });
  }

  /** The same bytes, for the same purpose, from the same region: the upload is that row again. */
  same(fields: Pick<StoredFileEntity, 'sha256' | 'purpose' | 'regionId'>): Promise<StoredFileEntity | null> {
    return this.files.findOne({ where: { ...fields }, order: { createdAt: 'ASC' } });
  }

  insert(fields: Omit<StoredFileEntity, 'id' | 'createdAt'>): Promise<StoredFileEntity> {
    return this.files.save(this.files.create(fields));
  }

  async setOwner(tx: EntityManager, id: string, donorId: string | null): Promise<void> {
    await tx.update(StoredFileEntity, { id }, { ownerDonorId: donorId });
  }
}
