/**
 * Money and time as the console shows and reads them: amounts are typed in 元 and sent as integer
 * fen (the string is parsed, never a float multiplied); times are Asia/Shanghai, whatever the
 * browser's own zone.
 */

export const TIME_ZONE = 'Asia/Shanghai';

const YUAN = /^(\d{1,13})(?:\.(\d{1,2}))?$/;

/** "1,234.5" or "1234.50" 元 → 123450 fen; null when it is not an amount (negative, 3 decimals, text). */
export function parseYuan(text: string): number | null {
  const match = YUAN.exec(text.trim().replace(/[,，\s]/g, ''));
  if (!match) return null;
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** 123450 → "1,234.50" (元, no sign). */
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const negative = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** A difference in 元 with its sign: 1234 → "+12.34", -5 → "-0.05", 0 → "0.00". */
export function formatSignedYuan(fen: number): string {
  return fen > 0 ? `+${formatYuan(fen)}` : formatYuan(fen);
}

/** 123450 → "1234.5": an amount as it is typed back into a field. */
export function fenToInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  if (cents === 0) return String(whole);
  return `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

/** "10, 50，100" 元 → [1000, 5000, 10000]; null when one of them is not an amount. */
export function parseYuanList(text: string): number[] | null {
  const parts = text
    .split(/[,，、\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const fens = parts.map(parseYuan);
  return fens.every((f): f is number => f !== null) ? fens : null;
}

const DATE_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(date: Date): Record<string, string> {
  return Object.fromEntries(DATE_TIME.formatToParts(date).map((p) => [p.type, p.value]));
}

/** An instant as "2026-12-03 15:28" in Asia/Shanghai; "—" for none. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const p = parts(date);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** An instant as the "YYYY-MM-DD HH:mm" a date picker shows, in Asia/Shanghai. */
export function toShanghaiInput(iso: string | null | undefined): string {
  return iso ? formatDateTime(iso) : '';
}

/** "2026-12-03 15:28" (or "2026-12-03") read as Asia/Shanghai time → ISO-8601; null when blank. */
export function fromShanghaiInput(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m) return null;
  // China keeps UTC+8 all year (no daylight saving).
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? '00'}:${m[5] ?? '00'}:${m[6] ?? '00'}+08:00`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** The Asia/Shanghai calendar day of an instant, "YYYY-MM-DD" (yesterday for `daysAgo` 1). */
export function shanghaiDay(now = new Date(), daysAgo = 0): string {
  const p = parts(new Date(now.getTime() - daysAgo * 86_400_000));
  return `${p.year}-${p.month}-${p.day}`;
}
