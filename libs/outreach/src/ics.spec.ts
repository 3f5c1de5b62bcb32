import ICAL from 'ical.js';
import { escapeText, foldLine, icsDateTime, renderCalendar } from './ics';

describe('iCalendar rendering', () => {
  it('writes UTC date-times in the basic format', () => {
    expect(icsDateTime(new Date('2026-12-01T09:00:00+08:00'))).toBe('20261201T010000Z');
  });

  it('escapes backslashes, semicolons, commas and newlines', () => {
    expect(escapeText('a\\b; c, d\ne')).toBe('a\\\\b\\; c\\, d\\ne');
  });

  it('folds at 75 octets without splitting a Chinese character', () => {
    const line = `SUMMARY:${'送医下乡义诊活动'.repeat(10)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    for (const part of folded) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(folded.map((part, i) => (i === 0 ? part : part.slice(1))).join('')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('parses with ical.js back to the same text and times', () => {
    const startsAt = new Date('2026-12-01T01:00:00Z');
    const text = renderCalendar(
      [
        {
          uid: 'e1@shanchou.example.cn',
          sequence: 2,
          summary: '[送法下乡] 法律咨询; 普法宣传, 第一场',
          description: `第一行\n第二行 ${'很长的说明'.repeat(20)}`,
          location: '东关社区, 村委会广场',
          categories: ['送法下乡'],
          startsAt,
          endsAt: new Date('2026-12-01T03:30:00Z'),
          createdAt: new Date('2026-11-20T00:00:00Z'),
          lastModified: new Date('2026-11-21T00:00:00Z'),
          cancelled: true,
          url: 'https://shanchou.example.cn/h5/outreach/events/e1',
        },
      ],
      { name: '峄城区下乡活动', generatedAt: new Date('2026-11-28T00:00:00Z') },
    );
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const vevent = ICAL.Component.fromString(text).getFirstSubcomponent('vevent')!;
    const event = new ICAL.Event(vevent);
    expect(event.summary).toBe('[送法下乡] 法律咨询; 普法宣传, 第一场');
    expect(event.description).toBe(`第一行\n第二行 ${'很长的说明'.repeat(20)}`);
    expect(event.location).toBe('东关社区, 村委会广场');
    expect(event.startDate.toJSDate().toISOString()).toBe(startsAt.toISOString());
    expect(event.startDate.zone?.tzid).toBe('UTC');
    expect(event.sequence).toBe(2);
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
  });
});
