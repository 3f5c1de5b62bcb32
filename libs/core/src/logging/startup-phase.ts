import type { Logger } from 'pino';

/**
 * One line per startup phase with its duration, so a slow start shows where the time went
 * (scripts/measure-start.mjs reads them). `since` is a performance.now() reading.
 */
export function logStartupPhase(
  log: Logger,
  phase: string,
  since: number,
  fields: Record<string, unknown> = {},
): number {
  const now = performance.now();
  const ms = Math.round(now - since);
  log.info({ ...fields, phase, ms }, `startup phase: ${phase} ${ms} ms`);
  return now;
}
