/** One event as the calendar feed shows it. */
export interface CalendarEvent {
  uid: string;
  /** SEQUENCE: bumped on each change, so subscribed calendars take the newer copy. */
  sequence: number;
  summary: string;
  description: string;
  location: string;
  categories: string[];
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  lastModified: Date;
  cancelled: boolean;
  url: string;
}

export interface CalendarOptions {
  name: string;
  /** DTSTAMP of every component: when this copy of the feed was made. */
  generatedAt: Date;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** 20261201T010000Z: UTC date-time, so no VTIMEZONE is needed (RFC 5545 §3.3.5 form 2). */
export function icsDateTime(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one space,
 * which counts toward their 75; a multi-byte UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join(CRLF);
}

/** An iCalendar (RFC 5545) feed of the events: CRLF line ends, folded, escaped, times in UTC. */
export function renderCalendar(events: CalendarEvent[], options: CalendarOptions): string {
  const stamp = icsDateTime(options.generatedAt);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Shanchou//Outreach Events 1.0//ZH',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
  ];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${stamp}`,
      `CREATED:${icsDateTime(e.createdAt)}`,
      `LAST-MODIFIED:${icsDateTime(e.lastModified)}`,
      `SEQUENCE:${e.sequence}`,
      `DTSTART:${icsDateTime(e.startsAt)}`,
      `DTEND:${icsDateTime(e.endsAt)}`,
      `SUMMARY:${escapeText(e.summary)}`,
      `LOCATION:${escapeText(e.location)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      `CATEGORIES:${e.categories.map(escapeText).join(',')}`,
      `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      `URL:${e.url}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}
