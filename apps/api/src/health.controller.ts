import { Controller, Get, Redirect, Res } from '@nestjs/common';
import { HealthReport, HealthService, Public } from '@shanchou/core';
import type { FastifyReply } from 'fastify';
import { H5_PATH } from './h5-pages';

/** Public: load balancers and people check these. */
@Public()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 once the database (and Redis, when configured) answers; 503 otherwise. */
  @Get('health')
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await this.health.check();
    void reply.status(report.status === 'ok' ? 200 : 503).header('cache-control', 'no-store');
    return report;
  }

  /** A visitor at the root is shown the H5 pages. */
  @Get()
  @Redirect(H5_PATH, 302)
  index(): void {}
}
