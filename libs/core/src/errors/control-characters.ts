import { DomainError, ErrorCode } from './domain-error';

/**
 * Control characters no text of the platform may hold: C0 (U+0000–U+001F) except tab, line feed
 * and carriage return, and DEL (U+007F). PostgreSQL refuses NUL outright (a 500 before this
 * check), and the others are invisible in a name, a message or a ledger memo, can rewrite what a
 * terminal or a CSV shows, and have no use in any field. C1 (U+0080–U+009F) is outside the
 * contract (API.md) and left alone.
 */
function refused(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f;
}

/** "U+0000": the first control character of `text`, or undefined when it has none. */
export function controlCharacterIn(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (refused(code)) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return undefined;
}

/** One string input holding a control character: where (a dotted path) and which character. */
export interface ControlCharacterFinding {
  field: string;
  character: string;
}

/**
 * Every string inside a JSON value (objects and lists searched through) that holds a control
 * character, with its path from `path`: `input.lines.0.name`. Object keys are checked as well.
 */
export function controlCharactersIn(
  value: unknown,
  path: string,
  out: ControlCharacterFinding[] = [],
): ControlCharacterFinding[] {
  if (typeof value === 'string') {
    const character = controlCharacterIn(value);
    if (character) out.push({ field: path, character });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => controlCharactersIn(v, `${path}.${i}`, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const character = controlCharacterIn(key);
      if (character) out.push({ field: `${path}.${JSON.stringify(key).slice(1, -1)}`, character });
      else controlCharactersIn(v, `${path}.${key}`, out);
    }
  }
  return out;
}

/** How many fields one refusal names; the rest are counted. */
const NAMED = 5;

/** BAD_USER_INPUT naming the fields (the first in `field`) that hold a control character. */
export class ControlCharacterError extends DomainError {
  constructor(
    readonly findings: readonly ControlCharacterFinding[],
    /** Whose arguments they are (`createDonation`), when it helps the reader. */
    where?: string,
  ) {
    const named = findings
      .slice(0, NAMED)
      .map((f) => `${f.field}（${f.character}）`)
      .join('、');
    const more = findings.length > NAMED ? ` 等 ${findings.length} 处` : '';
    const owner = where ? `${where} 的参数 ` : '';
    super(
      ErrorCode.BAD_USER_INPUT,
      `${owner}${named}${more} 含有不允许的控制字符：除制表符、换行符和回车符外，文字中不能有控制字符，请删除后重试`,
      findings[0]?.field,
    );
  }
}
