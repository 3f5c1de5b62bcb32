import { LogLimiter } from './log-limiter';

function harness(windowMs = 1000, maxReasons?: number) {
  const lines: { obj: Record<string, unknown>; msg: string }[] = [];
  const timers: { fn: () => void; at: number; cleared: boolean }[] = [];
  let now = Date.parse('2026-12-01T08:00:00Z');
  const limiter = new LogLimiter(
    { warn: (obj, msg) => lines.push({ obj: obj as Record<string, unknown>, msg }) },
    'refused',
    {
      windowMs,
      maxReasons,
      now: () => now,
      setTimer: (fn, ms) => {
        timers.push({ fn, at: now + ms, cleared: false });
        return {};
      },
      clearTimer: () => undefined,
    },
  );
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => !x.cleared && x.at <= now)) {
      t.cleared = true;
      t.fn();
    }
  };
  return { limiter, lines, advance };
}

describe('LogLimiter', () => {
  it('writes one line for a burst, with the count and the reasons, when the window closes', () => {
    const { limiter, lines, advance } = harness();
    for (let i = 0; i < 40; i++) limiter.record('401', 'stale timestamp', { status: 401 });
    for (let i = 0; i < 2; i++) limiter.record('401', 'unknown serial');
    advance(999);
    expect(lines).toEqual([]);
    advance(1);
    expect(lines).toEqual([
      {
        msg: 'refused',
        obj: expect.objectContaining({
          status: 401,
          key: '401',
          count: 42,
          reasons: { 'stale timestamp': 40, 'unknown serial': 2 },
          firstAt: '2026-12-01T08:00:00.000Z',
          lastAt: '2026-12-01T08:00:00.000Z',
        }) as unknown,
      },
    ]);
  });

  it('opens a new window after one closed, and keeps keys apart', () => {
    const { limiter, lines, advance } = harness();
    limiter.record('401', 'bad signature');
    limiter.record('400', 'does not decrypt');
    advance(1000);
    limiter.record('401', 'bad signature');
    advance(1000);
    expect(lines.map((l) => [l.obj.key, l.obj.count])).toEqual([
      ['401', 1],
      ['400', 1],
      ['401', 1],
    ]);
  });

  it('counts reasons beyond the kept number, and flush() writes what is open', () => {
    const { limiter, lines } = harness(1000, 2);
    for (const r of ['a', 'b', 'c', 'd', 'a']) limiter.record('k', r);
    limiter.flush();
    expect(lines).toHaveLength(1);
    expect(lines[0].obj).toMatchObject({ count: 5, reasons: { a: 2, b: 1 }, otherReasons: 2 });
    limiter.flush();
    expect(lines).toHaveLength(1);
  });
});
