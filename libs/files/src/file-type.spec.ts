import { describeUnknown, detectKind, zipEntryNames } from './file-type';
import { FileTickets } from './file-tickets';

/** A zip of empty stored entries, as zip tools write it (local headers, central directory, end record). */
function zip(names: string[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(n.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(n.length, 28);
    entry.writeUInt32LE(offset, 42);
    parts.push(local, n);
    central.push(entry, n);
    offset += 30 + n.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, dir, end]);
}

describe('detectKind', () => {
  it('tells JPEG, PNG, WebP, PDF and OFD by their first bytes', () => {
    expect(detectKind(Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0]))).toBe('jpeg');
    expect(detectKind(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('png');
    expect(detectKind(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(detectKind(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(detectKind(zip(['OFD.xml', 'Doc_0/Document.xml']))).toBe('ofd');
  });

  it('knows nothing else: text, GIF, HEIC, a zip without OFD.xml at its root, a RIFF that is not WebP', () => {
    expect(detectKind(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(detectKind(Buffer.from('GIF89a'))).toBeUndefined();
    expect(detectKind(Buffer.from('\x00\x00\x00\x18ftypheic', 'latin1'))).toBeUndefined();
    expect(detectKind(zip(['Doc_0/OFD.xml']))).toBeUndefined();
    expect(detectKind(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1'))).toBeUndefined();
    expect(detectKind(Buffer.alloc(0))).toBeUndefined();
    expect(describeUnknown(Buffer.from('GIF87a'))).toBe('GIF 图片');
    expect(describeUnknown(zip(['a.txt']))).toBe('不含 OFD.xml 的 ZIP 压缩包');
  });

  it('reads a zip’s names from its central directory and gives up on a truncated one', () => {
    const whole = zip(['OFD.xml', 'Doc_0/Document.xml']);
    expect(zipEntryNames(whole)).toEqual(['OFD.xml', 'Doc_0/Document.xml']);
    expect(zipEntryNames(whole.subarray(0, whole.length - 30))).toEqual([]);
    expect(zipEntryNames(Buffer.from('PK\x03\x04', 'latin1'))).toEqual([]);
  });
});

describe('FileTickets', () => {
  const tickets = new FileTickets(Buffer.alloc(32, 7));
  const id = '6f1c1a52-3f7e-4c5e-9a57-0d7c1f0b9a11';

  it('accepts its own ticket for that file until it expires', () => {
    const now = Date.UTC(2026, 11, 3, 8, 0, 0);
    const ticket = tickets.mint(id, now);
    expect(tickets.verify(id, ticket, now + 599_000)).toBe(true);
    expect(tickets.verify(id, ticket, now + 601_000)).toBe(false);
    expect(tickets.verify('6f1c1a52-3f7e-4c5e-9a57-0d7c1f0b9a12', ticket, now)).toBe(false);
    expect(new FileTickets(Buffer.alloc(32, 8)).verify(id, ticket, now)).toBe(false);
    const [expires, mac] = ticket.split('.');
    expect(tickets.verify(id, `${Number(expires) + 3600}.${mac}`, now)).toBe(false);
    expect(tickets.verify(id, 'garbage', now)).toBe(false);
  });
});
