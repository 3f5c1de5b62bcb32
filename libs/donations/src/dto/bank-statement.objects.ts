import { ArgsType, Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { SafeInt } from '@shanchou/core';
import {
  ArrayMaxSize,
  IsArray,
  IsBase64,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { BankColumnMapping, StatementLine } from '../bank-statement';
import { BankStatementImportEntity, BankStatementMappingEntity } from '../bank-statement.entities';
import { BANK_STATEMENT_MAX_BYTES } from '../bank-statement.service';
import { RemittanceObject } from './remittance.objects';

const header = (what: string) => ({ nullable: true, description: `${what}所在列的表头，与文件中的写法一致` });

@InputType()
export class BankColumnMappingInput {
  @Field({ description: '交易日期所在列的表头' }) @IsString() @MaxLength(50) date!: string;
  @Field(() => String, header('收入金额（贷方发生额）')) @IsOptional() @IsString() @MaxLength(50) credit?:
    string | null;
  @Field(() => String, header('收支同列的交易金额')) @IsOptional() @IsString() @MaxLength(50) amount?: string | null;
  @Field(() => String, header('借贷标志')) @IsOptional() @IsString() @MaxLength(50) direction?: string | null;
  @Field(() => [String], { nullable: true, description: '借贷标志中表示收入的值（默认 贷、收、C、贷方）' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  creditValues?: string[] | null;
  @Field(() => String, header('摘要、附言或用途')) @IsOptional() @IsString() @MaxLength(50) reference?: string | null;
  @Field(() => String, header('对方户名')) @IsOptional() @IsString() @MaxLength(50) counterparty?: string | null;
  @Field(() => String, header('对方账号')) @IsOptional() @IsString() @MaxLength(50) counterpartyAccount?: string | null;
  @Field(() => String, header('交易流水号')) @IsOptional() @IsString() @MaxLength(50) serial?: string | null;
}

@ArgsType()
export class SaveBankStatementMappingArgs {
  @Field({ description: '银行名称，如 中国农业银行峄城支行' }) @IsString() @MaxLength(50) bank!: string;
  @Field(() => BankColumnMappingInput)
  @ValidateNested()
  @Type(() => BankColumnMappingInput)
  mapping!: BankColumnMappingInput;
}

@ArgsType()
export class ReconcileBankStatementArgs {
  @Field({ description: '用哪家银行保存的列对应来读' }) @IsString() @MaxLength(50) bank!: string;
  @Field({ description: '文件名：.csv（UTF-8 或 GBK）或 .xlsx，照银行导出的原样' })
  @IsString()
  @MaxLength(200)
  fileName!: string;
  @Field({ description: '文件内容，base64 编码，解码后不超过 700 KB' })
  @MaxLength(Math.ceil(BANK_STATEMENT_MAX_BYTES / 3) * 4 + 4, { message: 'file 超过 700 KB：请按月分开导出' })
  @IsBase64(undefined, { message: 'file 应为流水文件的 base64 编码' })
  file!: string;
}

@ArgsType()
export class BankStatementImportsArgs {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt() first?: number;
}

@ObjectType('BankColumnMapping', { description: '列对应：银行流水哪一列是什么' })
export class BankColumnMappingObject {
  @Field() date!: string;
  @Field(() => String, { nullable: true }) credit!: string | null;
  @Field(() => String, { nullable: true }) amount!: string | null;
  @Field(() => String, { nullable: true }) direction!: string | null;
  @Field(() => [String], { nullable: true }) creditValues!: string[] | null;
  @Field(() => String, { nullable: true }) reference!: string | null;
  @Field(() => String, { nullable: true }) counterparty!: string | null;
  @Field(() => String, { nullable: true }) counterpartyAccount!: string | null;
  @Field(() => String, { nullable: true }) serial!: string | null;

  static from(m: BankColumnMapping): BankColumnMappingObject {
    return Object.assign(new BankColumnMappingObject(), {
      date: m.date,
      credit: m.credit ?? null,
      amount: m.amount ?? null,
      direction: m.direction ?? null,
      creditValues: m.creditValues ?? null,
      reference: m.reference ?? null,
      counterparty: m.counterparty ?? null,
      counterpartyAccount: m.counterpartyAccount ?? null,
      serial: m.serial ?? null,
    });
  }
}

@ObjectType('BankStatementMapping')
export class BankStatementMappingObject {
  @Field() bank!: string;
  @Field(() => BankColumnMappingObject) mapping!: BankColumnMappingObject;
  @Field() updatedAt!: Date;

  static from(m: BankStatementMappingEntity): BankStatementMappingObject {
    return Object.assign(new BankStatementMappingObject(), {
      bank: m.bank,
      mapping: BankColumnMappingObject.from(m.mapping),
      updatedAt: m.updatedAt,
    });
  }
}

@ObjectType('BankStatementLine', { description: '银行流水中的一笔收入' })
export class BankStatementLineObject {
  @Field(() => Int, { description: 'Its row in the file, as Excel shows it' }) row!: number;
  @Field() date!: string;
  @Field(() => SafeInt) amountFen!: number;
  @Field() reference!: string;
  @Field(() => String, { nullable: true }) counterparty!: string | null;
  @Field(() => String, { nullable: true }) counterpartyAccount!: string | null;
  @Field(() => String, { nullable: true }) serial!: string | null;

  static from(l: StatementLine): BankStatementLineObject {
    return Object.assign(new BankStatementLineObject(), l);
  }
}

@ObjectType('BankStatementMatch')
export class BankStatementMatchObject {
  @Field(() => RemittanceObject) remittance!: RemittanceObject;
  @Field(() => BankStatementLineObject) line!: BankStatementLineObject;
  @Field(() => SafeInt, { description: 'The line less the remittance: 0 when they match' }) differenceFen!: number;
}

@ObjectType('BankStatementReconciliation', {
  description: '银行流水对账：一次导入的流水与录入的银行转账逐笔核对的结果',
})
export class BankStatementReconciliationObject {
  @Field(() => ID) id!: string;
  @Field() bank!: string;
  @Field() fileName!: string;
  @Field(() => String, { nullable: true, description: 'The first day the statement covers' }) from!: string | null;
  @Field(() => String, { nullable: true }) to!: string | null;
  @Field(() => Int, { description: 'Incoming transfers read' }) lineCount!: number;
  @Field(() => Int) skippedDebits!: number;
  @Field() importedAt!: Date;
  @Field(() => [BankStatementMatchObject]) matched!: BankStatementMatchObject[];
  @Field(() => [BankStatementMatchObject], { description: 'Same reference, different amount' })
  amountDiffers!: BankStatementMatchObject[];
  @Field(() => [BankStatementLineObject], { description: 'On the statement, not recorded' })
  missingInRecords!: BankStatementLineObject[];
  @Field(() => [RemittanceObject], { description: 'Recorded as received within the statement’s days, not on it' })
  missingOnStatement!: RemittanceObject[];

  static from(
    row: BankStatementImportEntity,
    remittances: Map<string, RemittanceObject>,
  ): BankStatementReconciliationObject {
    const remittance = (id: string) => {
      const found = remittances.get(id);
      if (!found) throw new Error(`bank statement import ${row.id} names remittance ${id}, which is gone`);
      return found;
    };
    const pair = (p: { remittanceId: string; line: StatementLine; differenceFen?: number }) =>
      Object.assign(new BankStatementMatchObject(), {
        remittance: remittance(p.remittanceId),
        line: BankStatementLineObject.from(p.line),
        differenceFen: p.differenceFen ?? 0,
      });
    return Object.assign(new BankStatementReconciliationObject(), {
      id: row.id,
      bank: row.bank,
      fileName: row.fileName,
      from: row.fromDay,
      to: row.toDay,
      lineCount: row.lineCount,
      skippedDebits: row.skippedDebits,
      importedAt: row.importedAt,
      matched: row.result.matched.map(pair),
      amountDiffers: row.result.amountDiffers.map(pair),
      missingInRecords: row.result.missingInRecords.map((l) => BankStatementLineObject.from(l)),
      missingOnStatement: row.result.missingOnStatement.map(remittance),
    });
  }
}

/** Every remittance an import names. */
export function remittanceIdsOf(row: BankStatementImportEntity): string[] {
  return [
    ...row.result.matched.map((m) => m.remittanceId),
    ...row.result.amountDiffers.map((d) => d.remittanceId),
    ...row.result.missingOnStatement,
  ];
}
