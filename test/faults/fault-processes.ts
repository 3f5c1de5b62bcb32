import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { Client } from 'pg';
import { REMINDERS } from '@shanchou/outreach';
import { GraphqlResponse, waitFor } from '@shanchou/test';

const ROOT = path.resolve(__dirname, '..', '..');

/** What a spawned process is given: only these, never the test's own environment beyond PATH and HOME. */
export type ProcessEnv = Record<string, string>;

/**
 * A platform process started from dist/ (as `npm start` / `npm run start:worker` run it), with
 * its JSON log lines kept, to be killed with -9 the way a machine loses one.
 */
export class PlatformProcess {
  readonly logs: Record<string, unknown>[] = [];
  private readonly stderr: string[] = [];
  private readonly exit: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    let rest = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (rest + chunk.toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          this.logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          this.logs.push({ msg: line });
        }
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString('utf8')));
    this.exit = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static start(name: string, script: 'api' | 'worker', env: ProcessEnv): PlatformProcess {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'apps', script, 'src', 'main.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new PlatformProcess(name, child);
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Log lines with this message. */
  lines(msg: string): Record<string, unknown>[] {
    return this.logs.filter((l) => l.msg === msg);
  }

  async waitForLog(msg: string, timeoutMs = 30_000): Promise<void> {
    await waitFor(`${this.name} to log "${msg}"`, () => this.failedEarly() || this.lines(msg).length > 0, timeoutMs);
    this.failedEarly();
  }

  /** kill -9: no shutdown hooks, no finished jobs, connections dropped mid-transaction. */
  async kill9(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGKILL');
    await this.exit;
  }

  /** What the process said on stderr and its last log lines, for a failure message. */
  describe(): string {
    const tail = this.logs.slice(-15).map((l) => JSON.stringify(l));
    return `${this.name} (pid ${this.pid}, ${this.alive ? 'running' : 'exited'}):\n${this.stderr.join('').slice(-2000)}\n${tail.join('\n')}`;
  }

  private failedEarly(): boolean {
    if (this.alive) return false;
    throw new Error(`${this.name} exited before it was ready\n${this.describe()}`);
  }
}

/** An API process: started and waited for until /health answers. */
export async function startApi(name: string, port: number, env: ProcessEnv): Promise<PlatformProcess> {
  const api = PlatformProcess.start(name, 'api', { ...env, PORT: String(port), HOST: '127.0.0.1' });
  await waitFor(
    `${name} to answer /health`,
    async () => {
      if (!api.alive) throw new Error(`${name} exited before it listened\n${api.describe()}`);
      try {
        return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
      } catch {
        return false;
      }
    },
    60_000,
  );
  return api;
}

/** GraphQL over real HTTP, to a process of its own. */
export async function httpGql<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphqlResponse<T>> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, ...((await res.json()) as Omit<GraphqlResponse<T>, 'status'>) };
}

/** A short-lived connection to the test's database, to look at rows the way an operator would. */
export async function sql<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

export interface OutboxRow {
  id: string;
  queue: string;
  job_name: string;
  job_key: string | null;
  payload: Record<string, unknown>;
  completed_at: Date | null;
  dead_at: Date | null;
  relay_attempts: number;
  job_attempts: number;
  last_error: string | null;
}

export function outboxRows(url: string): Promise<OutboxRow[]> {
  return sql<OutboxRow>(
    url,
    `SELECT id, queue, job_name, job_key, payload, completed_at, dead_at, relay_attempts, job_attempts, last_error
       FROM outbox_message`,
  );
}

/** An event reminder whose time has not come (the demo seed's events are days ahead): it stays open. */
export function notYetDue(row: OutboxRow, now = Date.now()): boolean {
  if (row.job_name !== 'remind-volunteers') return false;
  const before = REMINDERS.find((r) => r.notice === row.payload.notice)?.beforeMs ?? 0;
  return new Date(String(row.payload.startsAt)).getTime() - before > now;
}

/** Rows whose work should have been done by now and is not: open past their time, or parked. */
export async function unfinishedRows(url: string): Promise<string[]> {
  const now = Date.now();
  return (await outboxRows(url))
    .filter((r) => r.dead_at || (!r.completed_at && !notYetDue(r, now)))
    .map((r) => `${r.job_name} ${r.job_key ?? r.id}: ${r.dead_at ? 'dead' : 'open'} ${r.last_error ?? ''}`.trim());
}

/** Until the sequencers of the running processes have integrated every queued ledger entry. */
export async function ledgerSettled(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [{ n }] = await sql<{ n: string }>(url, 'SELECT count(*) AS n FROM ledger_pending');
    if (Number(n) === 0) return;
    if (Date.now() > deadline) throw new Error(`${n} ledger entries still queued after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
