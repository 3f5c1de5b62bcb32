import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { JobQueue } from '../queue/job-queue';

export type Check = 'up' | 'down' | 'not configured';

export interface HealthReport {
  status: 'ok' | 'error';
  database: Check;
  databaseKind: 'postgres' | 'pglite';
  redis: Check;
  uptimeSeconds: number;
}

const CHECK_TIMEOUT_MS = 2000;

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Is this process able to serve: does the database answer, and Redis when there is one? */
@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    @Inject(JobQueue) private readonly queue: JobQueue,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([
      within(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS).then(
        (): Check => 'up',
        (): Check => 'down',
      ),
      this.config.redisUrl
        ? within(this.queue.ping(), CHECK_TIMEOUT_MS).then(
            (): Check => 'up',
            (): Check => 'down',
          )
        : Promise.resolve<Check>('not configured'),
    ]);
    return {
      status: database === 'up' && redis !== 'down' ? 'ok' : 'error',
      database,
      databaseKind: this.config.database.kind,
      redis,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
