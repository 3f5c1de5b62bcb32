import { InputError } from '@shanchou/core';

/**
 * Where a page of items (newest first) stopped: the last item's registration time, to the
 * microsecond as PostgreSQL keeps it, and its code for items registered in the same microsecond.
 * Opaque to clients: they pass back what the server gave.
 */
export interface ItemCursor {
  registeredAt: string;
  code: string;
}

const PREFIX = 'it1:';

export function encodeItemCursor(cursor: ItemCursor): string {
  return PREFIX + Buffer.from(JSON.stringify([cursor.registeredAt, cursor.code]), 'utf8').toString('base64url');
}

export function decodeItemCursor(raw: string, field: string): ItemCursor {
  const refused = new InputError(field, '不是上一页返回的翻页位置（请原样传回 nextAfter）');
  if (!raw.startsWith(PREFIX)) throw refused;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw.slice(PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw refused;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'string' ||
    !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(parsed[0]) ||
    !/^IT-[0-9A-Z]{10}$/.test(parsed[1])
  ) {
    throw refused;
  }
  return { registeredAt: parsed[0], code: parsed[1] };
}
