import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { TestProject } from 'vitest/node';
import { embeddedStartEnv, H5_BASE_URL } from '../../../test/support/test-env';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '../../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function healthy(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`npm start exited with ${server.exitCode}: see test-results/server.log`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`npm start did not answer /health within ${timeoutMs / 1000} s: see test-results/server.log`);
}

/** Starts `npm start` embedded (PGlite, in-process jobs, the WeChat stand-in) for the browser tests. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = H5_BASE_URL;
  if (given) {
    project.provide('baseUrl', given.replace(/\/$/, ''));
    return async () => {};
  }
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'shanchou-browser-'));
  mkdirSync(path.join(ROOT, 'test-results'), { recursive: true });
  const log = createWriteStream(path.join(ROOT, 'test-results', 'server.log'));
  const env = embeddedStartEnv({
    PORT: String(port),
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // A 公示 day of 2 s, so the console's test takes a fund request through every gate.
    FUNDS_NOTICE_DAY_SECONDS: '2',
  });
  const started = Date.now();
  // Its own process group, so the teardown stops npm and the node it started together.
  const server = spawn('npm', ['start'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  await healthy(baseUrl, server, 180_000);
  console.log(`npm start answered /health after ${Date.now() - started} ms at ${baseUrl}`);
  project.provide('baseUrl', baseUrl);
  return async () => {
    if (server.pid && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      process.kill(-server.pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 15_000)))]);
      clearTimeout(timer);
    }
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
