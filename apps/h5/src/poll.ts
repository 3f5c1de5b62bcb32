/**
 * Asks again and again (every second, then slower) until `done`, the time is up (null), or the
 * signal aborts. Errors of one attempt end the wait: the caller shows them.
 */
export async function pollUntil<T>(
  ask: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs, signal, firstDelayMs = 1000 }: { timeoutMs: number; signal?: AbortSignal; firstDelayMs?: number },
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  let delay = firstDelayMs;
  for (;;) {
    const value = await ask();
    if (done(value)) return value;
    if (Date.now() + delay > deadline || signal?.aborted) return null;
    await sleep(delay, signal);
    delay = Math.min(delay * 1.5, 5000);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
