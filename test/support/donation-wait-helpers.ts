import { Wakeups } from '@shanchou/core';
import { TestApp } from './test-app';
import { waitFor } from './wait';

export interface WaitProgress {
  receiptNo: string;
  status: string;
  paidAt: string | null;
  ledgerSeq: number | null;
  changed: boolean;
}

export interface WaitAnswer {
  status: number;
  body: WaitProgress & { code?: string; message?: string; field?: string };
  /** From sending the request to its answer. */
  ms: number;
}

/** GET /donations/<receiptNo>/wait over real HTTP, as the result page sends it. */
export async function waitAt(
  t: TestApp,
  token: string | null,
  receiptNo: string,
  query: string,
  signal?: AbortSignal,
): Promise<WaitAnswer> {
  const start = Date.now();
  const res = await fetch(`${t.baseUrl}/donations/${receiptNo}/wait?${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal,
  });
  const body = (await res.json()) as WaitAnswer['body'];
  return { status: res.status, body, ms: Date.now() - start };
}

export async function payAtStandIn(t: TestApp, receiptNo: string): Promise<void> {
  const res = await fetch(`${t.baseUrl}/wechat-sim/_sim/transactions/${receiptNo}/pay`, { method: 'POST' });
  if (!res.ok) throw new Error(`the stand-in did not take the payment: ${res.status}`);
}

/** Until the app holds a wait on `count` channels: the request is parked, not answered. */
export function heldWaits(t: TestApp, count = 1): Promise<void> {
  const wakeups = t.app.get(Wakeups, { strict: false });
  return waitFor(`${count} waits held`, () => wakeups.channels >= count);
}
