import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import IORedis from 'ioredis';
import { freePort } from './test-app';
import { waitFor } from './wait';

/**
 * A redis-server of the test's own, on a spare port, keeping nothing on disk (as the machine's
 * does): a fault test kills and restarts this one, never the machine's shared Redis.
 */
export class OwnRedis {
  private process?: ChildProcess;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'shanchou-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  /** Starts the server (again, after `kill` or `shutdownNoSave`), empty, on the same port. */
  async up(): Promise<void> {
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir],
      { stdio: 'ignore' },
    );
    await waitFor(`redis-server on ${this.port}`, () => this.ping(), 10_000);
  }

  /** `SHUTDOWN NOSAVE`: Redis stops and everything it held is gone. */
  async shutdownNoSave(): Promise<void> {
    const exited = this.exited();
    const client = new IORedis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await client.connect();
    await client.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
    client.disconnect();
    await exited;
  }

  /** kill -9. */
  async kill(): Promise<void> {
    const exited = this.exited();
    this.process?.kill('SIGKILL');
    await exited;
  }

  async keys(pattern: string): Promise<string[]> {
    const client = new IORedis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await client.connect();
      return await client.keys(pattern);
    } finally {
      client.disconnect();
    }
  }

  async stop(): Promise<void> {
    if (this.process && this.process.exitCode === null && this.process.signalCode === null) await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private exited(): Promise<void> {
    const p = this.process;
    if (!p || p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => p.once('exit', () => resolve()));
  }

  private async ping(): Promise<boolean> {
    const client = new IORedis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
}
