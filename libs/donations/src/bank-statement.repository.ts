import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BankColumnMapping, RecordedRemittance } from './bank-statement';
import { BankStatementImportEntity, BankStatementMappingEntity } from './bank-statement.entities';
import { DonationChannel } from './donation-channel';
import { RemittanceEntity, RemittanceStatus } from './remittance.entities';

export type NewBankStatementImportRow = Pick<
  BankStatementImportEntity,
  'bank' | 'fileName' | 'fromDay' | 'toDay' | 'lineCount' | 'skippedDebits' | 'result' | 'importedBy'
>;

/**
 * The SQL of bank statement imports and their column mappings. The receiving account is the
 * district's: imports and mappings are district-wide, the resolver admits district admins only.
 */
@Injectable()
export class BankStatementRepository {
  constructor(private readonly dataSource: DataSource) {}

  mappings(): Promise<BankStatementMappingEntity[]> {
    return this.dataSource.manager.find(BankStatementMappingEntity, { order: { bank: 'ASC' } });
  }

  mapping(bank: string): Promise<BankStatementMappingEntity | null> {
    return this.dataSource.manager.findOneBy(BankStatementMappingEntity, { bank });
  }

  async saveMapping(
    tx: EntityManager,
    bank: string,
    mapping: BankColumnMapping,
    by: string,
  ): Promise<BankStatementMappingEntity> {
    await tx.upsert(BankStatementMappingEntity, { bank, mapping, updatedBy: by }, ['bank']);
    return tx.findOneByOrFail(BankStatementMappingEntity, { bank });
  }

  insertImport(tx: EntityManager, row: NewBankStatementImportRow): Promise<BankStatementImportEntity> {
    return tx.save(BankStatementImportEntity, tx.create(BankStatementImportEntity, row));
  }

  imports(limit: number): Promise<BankStatementImportEntity[]> {
    return this.dataSource.manager.find(BankStatementImportEntity, {
      order: { importedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  /** Bank transfers (not reversed) recorded as received in [from, to] (YYYY-MM-DD, inclusive), with their organisation's name. */
  async bankTransfersReceived(from: string, to: string): Promise<RecordedRemittance[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(RemittanceEntity, 'r')
      .innerJoin('r.organization', 'o')
      .select(['r.id AS id', 'r.reference AS reference', 'r.amount_fen AS amount_fen', 'o.name AS organization_name'])
      .addSelect(`to_char(r.received_on, 'YYYY-MM-DD')`, 'received_on')
      .where('r.channel = :channel', { channel: DonationChannel.BANK_TRANSFER })
      .andWhere('r.status <> :reversed', { reversed: RemittanceStatus.REVERSED })
      .andWhere('r.received_on BETWEEN :from AND :to', { from, to })
      .orderBy('r.received_on')
      .addOrderBy('r.id')
      .getRawMany<{
        id: string;
        reference: string;
        amount_fen: string | number;
        received_on: string;
        organization_name: string;
      }>();
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      amountFen: Number(r.amount_fen),
      receivedOn: r.received_on,
      organizationName: r.organization_name,
    }));
  }

  /** Remittances by id, for the reconciliation's fields (no scope: district admins only reach them). */
  remittancesByIds(ids: readonly string[]): Promise<RemittanceEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.dataSource.manager
      .createQueryBuilder(RemittanceEntity, 'r')
      .where('r.id IN (:...ids)', { ids })
      .getMany();
  }
}
