import { InputError } from '@shanchou/core';
import { randomInt } from 'node:crypto';

/** Crockford base32: no I, L, O or U, so a code read aloud or typed from a label is unambiguous. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Read as the digit they look like when typed by hand (Crockford's decoding rules). */
const LOOKALIKES: Record<string, string> = { I: '1', L: '1', O: '0' };
/** 9 random symbols (45 bits) and a check symbol. */
const BODY_LENGTH = 9;
export const CODE_LENGTH = BODY_LENGTH + 1;
/**
 * The check is a weighted sum modulo 37 (a prime), every position with its own weight: a single
 * mistyped symbol and any swap of two symbols change the sum, so such a code is always refused.
 */
const MODULUS = 37;
/** The check symbol's weight is 10; 26 is its inverse modulo 37 (10 × 26 = 260 = 7 × 37 + 1). */
const CHECK_WEIGHT = CODE_LENGTH;
const CHECK_WEIGHT_INVERSE = 26;

/** 物品 item, 包裹 parcel, 捐赠意向 offer. */
export enum CodeKind {
  ITEM = 'IT',
  PARCEL = 'PK',
  OFFER = 'OF',
}

const KINDS = new Set<string>(Object.values(CodeKind));

function weightedSum(values: number[]): number {
  return values.reduce((sum, v, i) => (sum + (i + 1) * v) % MODULUS, 0);
}

/** A new unguessable code such as `IT-7K3M9QX2AB`. */
export function newGoodsCode(kind: CodeKind): string {
  for (;;) {
    const body = Array.from({ length: BODY_LENGTH }, () => randomInt(ALPHABET.length));
    const check = ((MODULUS - weightedSum(body)) * CHECK_WEIGHT_INVERSE) % MODULUS;
    // Only checks that are themselves symbols of the alphabet (32 of 37): the code stays typeable.
    if (check < ALPHABET.length) return `${kind}-${[...body, check].map((v) => ALPHABET[v]).join('')}`;
  }
}

/** True when the symbols' weighted sum, the check's included, is 0 modulo 37. */
function checks(values: number[]): boolean {
  const body = values.slice(0, BODY_LENGTH);
  return (weightedSum(body) + CHECK_WEIGHT * values[BODY_LENGTH]) % MODULUS === 0;
}

export interface ParsedCode {
  kind: CodeKind;
  /** Canonical: upper case, `XX-` and ten symbols. */
  code: string;
}

/**
 * Reads a code as scanned or typed: case, spaces and dashes do not matter, I/L read as 1 and O as
 * 0. Anything else, or a check that does not match, is refused naming the field.
 */
export function parseGoodsCode(raw: string, field: string, expected?: readonly CodeKind[]): ParsedCode {
  const compact = raw.toUpperCase().replace(/[\s-]/g, '');
  const prefix = compact.slice(0, 2);
  const what = expected?.map((k) => `${k}-`).join(' 或 ') ?? 'IT-、PK- 或 OF-';
  if (!KINDS.has(prefix) || (expected && !expected.includes(prefix as CodeKind))) {
    throw new InputError(field, `“${raw}” 不是这里要的编码：应为 ${what} 加十个字符`);
  }
  const symbols = [...compact.slice(2)].map((c) => LOOKALIKES[c] ?? c);
  if (symbols.length !== CODE_LENGTH || symbols.some((c) => !ALPHABET.includes(c))) {
    throw new InputError(
      field,
      `“${raw}” 不是有效的编码：${prefix}- 后面应是十个字符，取自 0-9 和 A-Z（不含 I、L、O、U）`,
    );
  }
  if (!checks(symbols.map((c) => ALPHABET.indexOf(c)))) {
    throw new InputError(field, `“${raw}” 的校验位不对：有字符输错了，请重新扫码或输入`);
  }
  return { kind: prefix as CodeKind, code: `${prefix}-${symbols.join('')}` };
}
