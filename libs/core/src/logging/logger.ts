import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger } from 'pino';
import { LogLevel } from '../config/environment';
import { workContext } from './request-context';

export type RootLogger = Logger;

/**
 * JSON logs, one object a line, each carrying the request id or job id of the work it belongs to
 * (from AsyncLocalStorage), so one donation can be followed across API and worker.
 */
export function createRootLogger(
  options: { level: LogLevel; service: string },
  destination?: DestinationStream,
): RootLogger {
  return pino(
    {
      level: options.level,
      base: { service: options.service, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The work's ids, unless the logger is a child already bound to them (fastify's request logger).
      mixin: (_merge, _level, logger) => {
        const context = workContext.current();
        if (!context) return {};
        const bound = logger.bindings();
        return 'requestId' in bound ? {} : { ...context };
      },
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password'], censor: '[redacted]' },
    },
    destination,
  );
}

/** Nest's logger interface over pino, so framework and application lines look the same. */
export class AppLogger implements LoggerService {
  constructor(private readonly root: RootLogger) {}

  log(message: unknown, context?: unknown): void {
    this.write('info', message, context);
  }
  error(message: unknown, traceOrContext?: unknown, context?: unknown): void {
    // Nest calls error(message, stack, context) or error(message, context).
    if (context !== undefined) {
      this.root.error({ context, stack: traceOrContext }, stringify(message));
    } else {
      this.write('error', message, traceOrContext);
    }
  }
  warn(message: unknown, context?: unknown): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: unknown): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: unknown): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: unknown): void {
    this.write('fatal', message, context);
  }

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    context: unknown,
  ): void {
    const ctx = typeof context === 'string' ? { context } : {};
    if (message instanceof Error) this.root[level]({ ...ctx, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.root[level]({ ...ctx, ...message });
    else this.root[level](ctx, stringify(message));
  }
}

function stringify(message: unknown): string {
  return typeof message === 'string' ? message : JSON.stringify(message);
}
