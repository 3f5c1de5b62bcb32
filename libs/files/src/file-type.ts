/** The kinds of file the platform accepts, told by their first bytes, never by name or declared type. */
export type FileKind = 'jpeg' | 'png' | 'webp' | 'pdf' | 'ofd';

export const CONTENT_TYPES: Record<FileKind, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  pdf: 'application/pdf',
  ofd: 'application/ofd',
};

export const EXTENSIONS: Record<FileKind, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', pdf: 'pdf', ofd: 'ofd' };

export function isImage(kind: FileKind): kind is 'jpeg' | 'png' | 'webp' {
  return kind === 'jpeg' || kind === 'png' || kind === 'webp';
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The kind of file by its magic number; undefined for anything else. */
export function detectKind(bytes: Buffer): FileKind | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG)) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  if (bytes.length >= 5 && bytes.toString('latin1', 0, 5) === '%PDF-') return 'pdf';
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50 && zipEntryNames(bytes).includes('OFD.xml'))
    return 'ofd';
  return undefined;
}

/** What the refusal names: the file's real kind when we can tell, so the message says what was sent. */
export function describeUnknown(bytes: Buffer): string {
  if (bytes.length === 0) return '空文件';
  if (bytes.toString('latin1', 0, 6) === 'GIF87a' || bytes.toString('latin1', 0, 6) === 'GIF89a') return 'GIF 图片';
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') return 'HEIC/MP4 等格式';
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) return '不含 OFD.xml 的 ZIP 压缩包';
  return '无法识别的文件';
}

/**
 * The names in a zip's central directory (read from its end, as unzip does); empty when the
 * bytes are not a well-formed zip. An OFD is a zip with OFD.xml at its root (GB/T 33190).
 */
export function zipEntryNames(bytes: Buffer): string[] {
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= earliest; i--) {
    if (bytes.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return [];
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let n = 0; n < count && n < 10_000; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) return [];
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    if (at + 46 + nameLength > bytes.length) return [];
    names.push(bytes.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
