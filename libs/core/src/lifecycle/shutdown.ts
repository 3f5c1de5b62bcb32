import { RootLogger } from '../logging/logger';

interface Closable {
  close(): Promise<void>;
}

/**
 * SIGTERM or SIGINT: stop taking work, finish what is in hand (requests, jobs), close the
 * database, exit. A second signal or the time-out ends the process at once.
 */
export function installShutdown(app: Closable, log: RootLogger, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, timeoutMs }, 'shutting down: finishing requests and jobs in hand');
    const force = setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, timeoutMs);
    force.unref();
    app.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
