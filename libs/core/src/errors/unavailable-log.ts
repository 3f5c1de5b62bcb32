import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { LogLimiter } from '../logging/log-limiter';
import { RootLogger } from '../logging/logger';
import { ROOT_LOGGER } from '../logging/logging.module';
import { Dependency } from './dependency-failure';

/**
 * Requests answered SERVICE_UNAVAILABLE, logged one line per dependency per burst with a count:
 * while Redis is down every request would otherwise write its own line.
 */
@Injectable()
export class UnavailableLog implements OnApplicationShutdown {
  private readonly limiter: LogLimiter;

  constructor(config: AppConfig, @Inject(ROOT_LOGGER) log: RootLogger) {
    this.limiter = new LogLimiter(
      log.child({ context: 'dependencies' }),
      'a dependency could not be reached: requests answered SERVICE_UNAVAILABLE',
      { windowMs: config.logBurstWindowMs },
    );
  }

  report(dependency: Dependency, err: unknown): void {
    const reason = err instanceof Error ? `${err.name}: ${err.message}`.slice(0, 200) : String(err).slice(0, 200);
    this.limiter.record(dependency, reason, { dependency });
  }

  onApplicationShutdown(): void {
    this.limiter.flush();
  }
}
