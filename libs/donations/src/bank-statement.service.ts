import { Injectable } from '@nestjs/common';
import { InputError, Transactions } from '@shanchou/core';
import { AuditService, StaffPrincipal } from '@shanchou/identity';
import { BankColumnMapping, parseBankStatement, reconcileStatement } from './bank-statement';
import {
  BankStatementImportEntity,
  BankStatementMappingEntity,
  StoredBankReconciliation,
} from './bank-statement.entities';
import { BankStatementRepository } from './bank-statement.repository';
import { RemittanceEntity } from './remittance.entities';

/** The largest statement one import takes (a GraphQL body is at most 1 MB, base64 a third more). */
export const BANK_STATEMENT_MAX_BYTES = 700 * 1024;

/** Remittances recorded this many days either side of the statement's dates are candidates for its lines. */
const MATCH_WINDOW_DAYS = 7;

/** A mapping as staff typed it: blank or null columns are not mapped. */
export type BankColumnMappingDraft = { [K in keyof BankColumnMapping]?: BankColumnMapping[K] | null };

const MAPPING_FIELDS = [
  'date',
  'credit',
  'amount',
  'direction',
  'reference',
  'counterparty',
  'counterpartyAccount',
  'serial',
] as const;

/**
 * 银行流水对账: the receiving account's statement, imported as the bank exports it with the columns
 * mapped once per bank, matched to the bank transfers staff recorded (by reference, then amount):
 * what matches, what differs, and what is missing on either side, kept with who imported it.
 */
@Injectable()
export class BankStatementService {
  constructor(
    private readonly repo: BankStatementRepository,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  mappings(): Promise<BankStatementMappingEntity[]> {
    return this.repo.mappings();
  }

  /** 列对应: saved (or replaced) for one bank. */
  async saveMapping(
    actor: StaffPrincipal,
    bankName: string,
    input: BankColumnMappingDraft,
  ): Promise<BankStatementMappingEntity> {
    const bank = bankNameOf(bankName);
    const mapping = checkedMapping(input);
    return this.transactions.run(async (tx) => {
      const saved = await this.repo.saveMapping(tx, bank, mapping, actor.staffId);
      await this.audit.record(tx, actor, {
        action: 'bank_statement.save_mapping',
        targetType: 'bank_statement_mapping',
        targetId: bank,
        regionId: actor.regionId,
        input: { bank, ...mapping },
      });
      return saved;
    });
  }

  /** Reads the statement with its bank's mapping and matches it; nothing is kept when the file cannot be read. */
  async reconcile(
    actor: StaffPrincipal,
    input: { bank: string; fileName: string; file: Buffer },
  ): Promise<BankStatementImportEntity> {
    const bank = bankNameOf(input.bank);
    const fileName = input.fileName.trim().slice(0, 200);
    if (!fileName) throw new InputError('fileName', '请给出文件名（.csv 或 .xlsx）');
    if (input.file.length === 0) throw new InputError('file', '文件是空的');
    if (input.file.length > BANK_STATEMENT_MAX_BYTES)
      throw new InputError('file', `文件超过 ${BANK_STATEMENT_MAX_BYTES / 1024} KB：请按月分开导出`);
    const saved = await this.repo.mapping(bank);
    if (!saved) throw new InputError('bank', `还没有保存「${bank}」的列对应：请先设置这家银行流水的列`);
    const statement = await parseBankStatement(input.file, fileName, saved.mapping);
    const candidates =
      statement.from && statement.to
        ? await this.repo.bankTransfersReceived(
            shiftDay(statement.from, -MATCH_WINDOW_DAYS),
            shiftDay(statement.to, MATCH_WINDOW_DAYS),
          )
        : [];
    const found = reconcileStatement(statement, candidates);
    const result: StoredBankReconciliation = {
      matched: found.matched.map((m) => ({ remittanceId: m.remittance.id, line: m.line })),
      amountDiffers: found.amountDiffers.map((d) => ({
        remittanceId: d.remittance.id,
        line: d.line,
        differenceFen: d.differenceFen,
      })),
      missingInRecords: found.missingInRecords,
      missingOnStatement: found.missingOnStatement.map((r) => r.id),
    };
    return this.transactions.run(async (tx) => {
      const row = await this.repo.insertImport(tx, {
        bank,
        fileName,
        fromDay: statement.from,
        toDay: statement.to,
        lineCount: statement.lines.length,
        skippedDebits: statement.skippedDebits,
        result,
        importedBy: actor.staffId,
      });
      await this.audit.record(tx, actor, {
        action: 'bank_statement.reconcile',
        targetType: 'bank_statement_import',
        targetId: row.id,
        regionId: actor.regionId,
        input: {
          bank,
          fileName,
          from: statement.from,
          to: statement.to,
          lines: statement.lines.length,
          matched: result.matched.length,
          amountDiffers: result.amountDiffers.length,
          missingInRecords: result.missingInRecords.length,
          missingOnStatement: result.missingOnStatement.length,
        },
      });
      return row;
    });
  }

  imports(first?: number | null): Promise<BankStatementImportEntity[]> {
    return this.repo.imports(Math.min(Math.max(first ?? 20, 1), 100));
  }

  remittancesByIds(ids: readonly string[]): Promise<RemittanceEntity[]> {
    return this.repo.remittancesByIds(ids);
  }
}

function bankNameOf(text: string): string {
  const bank = (text ?? '').trim();
  if (!bank) throw new InputError('bank', '请填写银行名称（如 中国农业银行峄城支行）');
  if ([...bank].length > 50) throw new InputError('bank', '银行名称最长 50 个字');
  return bank;
}

/** A mapping the parser can use: the date and exactly one amount column; every header text short and plain. */
function checkedMapping(input: BankColumnMappingDraft): BankColumnMapping {
  const mapping: BankColumnMapping = { date: '' };
  for (const field of MAPPING_FIELDS) {
    const value = input[field]?.trim();
    if (!value) continue;
    if ([...value].length > 50) throw new InputError(`mapping.${field}`, '列名最长 50 个字');
    mapping[field] = value;
  }
  if (!mapping.date) throw new InputError('mapping.date', '请填写交易日期所在列的表头（如 交易日期）');
  if (!mapping.credit === !mapping.amount)
    throw new InputError(
      'mapping.credit',
      '请只填一种金额列：收入单列（贷方发生额）填 credit；收支同列（交易金额）填 amount，可再填借贷标志列 direction',
    );
  if (mapping.direction && !mapping.amount)
    throw new InputError('mapping.direction', '借贷标志列只和收支同列的 amount 一起用');
  const values = (input.creditValues ?? []).map((v) => v.trim()).filter(Boolean);
  if (values.length > 10) throw new InputError('mapping.creditValues', '表示收入的标志最多 10 个');
  if (values.some((v) => [...v].length > 10)) throw new InputError('mapping.creditValues', '每个标志最长 10 个字');
  if (values.length) {
    if (!mapping.direction)
      throw new InputError('mapping.creditValues', '填了表示收入的标志，也请填借贷标志列 direction');
    mapping.creditValues = values;
  }
  return mapping;
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
