import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentStaff, Role, StaffPrincipal } from '@shanchou/identity';
import { ReconciliationDateArgs, ReconciliationReportObject } from './dto/reconciliation.objects';
import { ReconciliationService } from './reconciliation.service';

@Resolver(() => ReconciliationReportObject)
export class ReconciliationResolver {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Allow({ staff: [Role.DISTRICT_ADMIN, Role.AUDITOR] })
  @Query(() => ReconciliationReportObject, {
    nullable: true,
    description: "对账: a business day's reconciliation with WeChat Pay's bill; null until it has run",
  })
  async reconciliationReport(@Args() { date }: ReconciliationDateArgs): Promise<ReconciliationReportObject | null> {
    const report = await this.reconciliation.report(date);
    return report && ReconciliationReportObject.from(report);
  }

  // Run here, not queued: a rerun must not be swallowed by the job id of that day's earlier run.
  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => ReconciliationReportObject, {
    description: 'Reconciles a business day now, replacing its last result, and returns the report',
  })
  async runReconciliation(
    @Args() { date }: ReconciliationDateArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<ReconciliationReportObject> {
    return ReconciliationReportObject.from(await this.reconciliation.run(date, me));
  }
}
