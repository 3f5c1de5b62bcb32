import { captureLogs } from '@shanchou/test';
import { AppLogger } from './logger';
import { workContext } from './request-context';

describe('logging', () => {
  it('writes JSON lines that carry the request id of the work they belong to', async () => {
    const { log, lines } = captureLogs('info');
    await workContext.run({ requestId: 'req-1' }, async () => {
      log.info('checking out');
      await new Promise((r) => setImmediate(r));
      log.warn({ donationId: 'd-9' }, 'slow payment');
    });
    log.info('outside any request');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', msg: 'checking out', requestId: 'req-1', service: 'api' }),
      expect.objectContaining({ level: 'warn', msg: 'slow payment', requestId: 'req-1', donationId: 'd-9' }),
      expect.not.objectContaining({ requestId: expect.anything() as unknown }),
    ]);
  });

  it('carries the job id on lines written by a job', () => {
    const { log, lines } = captureLogs('info');
    workContext.run({ jobId: 'outbox-42', queue: 'system' }, () => log.info('purged'));
    expect(lines[0]).toMatchObject({ jobId: 'outbox-42', queue: 'system', msg: 'purged' });
  });

  it('gives Nest its lines in the same shape, with the context and the error', () => {
    const { log, lines } = captureLogs('debug');
    const nest = new AppLogger(log);
    nest.log('Mapped {/health, GET} route', 'RouterExplorer');
    nest.error('boom', 'Error: boom\n    at x', 'ExceptionsHandler');
    nest.debug({ queues: ['system'] }, 'JobRunner');
    expect(lines).toEqual([
      expect.objectContaining({ level: 'info', context: 'RouterExplorer', msg: 'Mapped {/health, GET} route' }),
      expect.objectContaining({
        level: 'error',
        context: 'ExceptionsHandler',
        msg: 'boom',
        stack: 'Error: boom\n    at x',
      }),
      expect.objectContaining({ level: 'debug', context: 'JobRunner', queues: ['system'] }),
    ]);
  });

  it('never writes a password or an Authorization header', () => {
    const { log, lines } = captureLogs('info');
    log.info({ req: { headers: { authorization: 'Bearer abc' } }, input: { password: 'demo123456' } }, 'login');
    expect(JSON.stringify(lines[0])).not.toMatch(/Bearer abc|demo123456/);
  });
});
