import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentStaff, Role, StaffPrincipal } from '@shanchou/identity';
import { BankStatementImportEntity } from './bank-statement.entities';
import { BankStatementService } from './bank-statement.service';
import {
  BankStatementImportsArgs,
  BankStatementMappingObject,
  BankStatementReconciliationObject,
  ReconcileBankStatementArgs,
  remittanceIdsOf,
  SaveBankStatementMappingArgs,
} from './dto/bank-statement.objects';
import { RemittanceObject } from './dto/remittance.objects';

/** The district's receiving account: its statements are the district's books, not a town's. */
const BOOKS = { staff: [Role.DISTRICT_ADMIN, Role.AUDITOR] };

@Resolver(() => BankStatementReconciliationObject)
export class BankStatementResolver {
  constructor(private readonly service: BankStatementService) {}

  @Allow(BOOKS)
  @Query(() => [BankStatementMappingObject], { description: '各银行流水的列对应' })
  async bankStatementMappings(): Promise<BankStatementMappingObject[]> {
    return (await this.service.mappings()).map((m) => BankStatementMappingObject.from(m));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => BankStatementMappingObject, { description: '保存一家银行流水的列对应（替换原有的）' })
  async saveBankStatementMapping(
    @Args() { bank, mapping }: SaveBankStatementMappingArgs,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<BankStatementMappingObject> {
    return BankStatementMappingObject.from(await this.service.saveMapping(actor, bank, mapping));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => BankStatementReconciliationObject, {
    description: '导入收款账户的银行流水并与录入的银行转账逐笔核对；文件读不了时什么也不保存',
  })
  async reconcileBankStatement(
    @Args() { bank, fileName, file }: ReconcileBankStatementArgs,
    @CurrentStaff() actor: StaffPrincipal,
  ): Promise<BankStatementReconciliationObject> {
    const row = await this.service.reconcile(actor, { bank, fileName, file: Buffer.from(file, 'base64') });
    return (await this.present([row]))[0];
  }

  @Allow(BOOKS)
  @Query(() => [BankStatementReconciliationObject], { description: '历次银行流水对账，最新的在前' })
  async bankStatementReconciliations(
    @Args() { first }: BankStatementImportsArgs,
  ): Promise<BankStatementReconciliationObject[]> {
    return this.present(await this.service.imports(first));
  }

  private async present(rows: BankStatementImportEntity[]): Promise<BankStatementReconciliationObject[]> {
    const ids = [...new Set(rows.flatMap(remittanceIdsOf))];
    const remittances = new Map(
      (await this.service.remittancesByIds(ids)).map((r) => [r.id, RemittanceObject.from(r)] as const),
    );
    return rows.map((row) => BankStatementReconciliationObject.from(row, remittances));
  }
}
