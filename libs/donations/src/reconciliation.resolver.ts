import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentStaff, Role, StaffPrincipal } from '@shanchou/identity';
import {
  ReconciliationDateArgs,
  ReconciliationDifferenceObject,
  ReconciliationReportObject,
  ResolveDifferenceArgs,
} from './dto/reconciliation.objects';
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

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => ReconciliationDifferenceObject, {
    description: '差异处理: writes how a difference was resolved; the note stays with the trade when the day is rerun',
  })
  async resolveReconciliationDifference(
    @Args() { differenceId, note }: ResolveDifferenceArgs,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<ReconciliationDifferenceObject> {
    const { difference, resolution } = await this.reconciliation.resolve(me, differenceId, note);
    return ReconciliationDifferenceObject.from(difference, resolution);
  }
}
