/**
 * Timers belong to the page, as they do in a browser, where a closed tab takes its timers with it.
 *
 * happy-dom leaves Node's own timers as the test globals, and those outlive the test file's
 * document: Vant's fixed bars (the tab bar on every page) measure themselves 100, 200 and 300 ms
 * after mounting and never cancel, a toast closes itself after 2 s, a debounced search fires 250 ms
 * after the last key. Whichever of them is still pending when the environment is torn down fires
 * into a world without `window` and fails the run by chance ("window is not defined").
 *
 * So the page tests' timers are tracked: when a test ends and its pages are unmounted, the timeouts
 * they left are cancelled, as leaving the page would in a real browser's tab that closed, and an
 * interval still running is reported as a leak of the page that started it.
 */

type Handle = ReturnType<typeof setTimeout>;

interface Tracked {
  kind: 'timeout' | 'interval';
  /** Where it was started, for the message when an interval leaks. */
  origin: string;
}

const live = new Map<Handle, Tracked>();
let installed = false;

function originOf(): string {
  const lines = (new Error().stack ?? '').split('\n').slice(1);
  const own = /page-timers\.ts:|node_modules|\(<anonymous>\)|node:internal/;
  return (lines.find((l) => !own.test(l)) ?? lines[0] ?? '(unknown)').trim();
}

/** The handle a clear call names: the Timeout object, or the number it converts to. */
function find(id: unknown): Handle | undefined {
  if (id == null) return undefined;
  if (live.has(id as Handle)) return id as Handle;
  if (typeof id !== 'number' && typeof id !== 'string') return undefined;
  for (const handle of live.keys()) if (Number(handle) === Number(id)) return handle;
  return undefined;
}

/** Replaces the global timer functions with tracking ones (once per test file). */
export function trackPageTimers(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as unknown as Record<string, unknown>;
  const nodeSetTimeout = globalThis.setTimeout;
  const nodeClearTimeout = globalThis.clearTimeout;
  const nodeSetInterval = globalThis.setInterval;
  const nodeClearInterval = globalThis.clearInterval;

  g.setTimeout = Object.assign(
    (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): Handle => {
      const handle = nodeSetTimeout(() => {
        live.delete(handle);
        callback(...args);
      }, ms);
      live.set(handle, { kind: 'timeout', origin: originOf() });
      return handle;
    },
    { __promisify__: (nodeSetTimeout as unknown as { __promisify__: unknown }).__promisify__ },
  );
  g.clearTimeout = (id?: unknown): void => {
    const handle = find(id);
    if (handle) live.delete(handle);
    nodeClearTimeout((handle ?? id) as Handle);
  };
  g.setInterval = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): Handle => {
    const handle = nodeSetInterval(callback, ms, ...args);
    live.set(handle, { kind: 'interval', origin: originOf() });
    return handle;
  };
  g.clearInterval = (id?: unknown): void => {
    const handle = find(id);
    if (handle) live.delete(handle);
    nodeClearInterval((handle ?? id) as Handle);
  };
}

/** Timers started and not yet fired or cleared. */
export function pendingPageTimers(): { kind: Tracked['kind']; origin: string }[] {
  return [...live.values()].map(({ kind, origin }) => ({ kind, origin }));
}

/**
 * The page is gone: cancels every timer it left. Returns the intervals among them, which a page
 * must stop itself when it is unmounted.
 */
export function closePageTimers(): string[] {
  const leaked: string[] = [];
  for (const [handle, { kind, origin }] of live) {
    if (kind === 'interval') {
      leaked.push(origin);
      clearInterval(handle);
    } else {
      clearTimeout(handle);
    }
  }
  live.clear();
  return leaked;
}
