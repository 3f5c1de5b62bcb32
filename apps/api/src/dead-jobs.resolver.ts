import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DeadJobs } from '@shanchou/core';
import { Allow, AuditService, CurrentStaff, Role, StaffPrincipal } from '@shanchou/identity';
import { DeadJobObject } from './dto/dead-job.object';

/** 死信: jobs the platform gave up on, for the district to see and, once the cause is fixed, retry. */
@Resolver(() => DeadJobObject)
export class DeadJobsResolver {
  constructor(
    private readonly dead: DeadJobs,
    private readonly audit: AuditService,
  ) {}

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Query(() => [DeadJobObject], { description: 'Jobs given up on, newest first (at most 500)' })
  async deadJobs(): Promise<DeadJobObject[]> {
    return (await this.dead.list()).map((row) => DeadJobObject.from(row));
  }

  @Allow({ staff: [Role.DISTRICT_ADMIN] })
  @Mutation(() => DeadJobObject, {
    description: 'Puts a dead job back in the queue with a fresh time to keep trying; returns it as it was',
  })
  async retryDeadJob(
    @Args('id', { type: () => ID }) id: string,
    @CurrentStaff() me: StaffPrincipal,
  ): Promise<DeadJobObject> {
    const job = await this.dead.retry(id, (tx, dead) =>
      this.audit.record(tx, me, {
        action: 'job.retry',
        targetType: 'outbox_message',
        targetId: dead.id,
        regionId: me.regionId,
        input: { queue: dead.queue, name: dead.jobName, key: dead.jobKey, lastError: dead.lastError },
      }),
    );
    return DeadJobObject.from(job);
  }
}
