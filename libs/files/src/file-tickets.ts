import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a signed address of a private file works: long enough for a page's images to load. */
export const TICKET_SECONDS = 600;

/**
 * Signed, short-lived addresses of private files, for an <img> tag, which cannot send a bearer
 * token: `?ticket=<expiry>.<hmac(id, expiry)>`, minted only for a caller who may read the file.
 */
export class FileTickets {
  constructor(private readonly key: Buffer) {}

  mint(fileId: string, now = Date.now(), seconds = TICKET_SECONDS): string {
    const expires = Math.floor(now / 1000) + seconds;
    return `${expires}.${this.mac(fileId, expires)}`;
  }

  verify(fileId: string, ticket: string, now = Date.now()): boolean {
    const match = /^(\d{1,12})\.([\w-]{43})$/.exec(ticket);
    if (!match) return false;
    const expires = Number(match[1]);
    if (expires * 1000 <= now) return false;
    const expected = Buffer.from(this.mac(fileId, expires));
    const given = Buffer.from(match[2]);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private mac(fileId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${fileId}.${expires}`).digest('base64url');
  }
}
