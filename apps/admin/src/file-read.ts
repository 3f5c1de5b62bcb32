/** A chosen file as UTF-8 text (a roster's CSV); a BOM at the start is dropped. */
export async function readAsUtf8(file: Blob): Promise<string> {
  const text = new TextDecoder('utf-8').decode(await file.arrayBuffer());
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

/** A chosen file as base64, without the data: prefix (a households .xlsx for importHouseholds). */
export async function readAsBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** The server's refusal of an import, one problem a line (第 3 行「人口」…; 第 4 行：…). */
export function importProblems(message: string): string[] {
  return message
    .split(/\n|；(?=第\s*\d+\s*行)|;\s*(?=第\s*\d+\s*行)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

const ROSTER_WORDS: [RegExp, (...m: string[]) => string][] = [
  [/^a quoted value is never closed/, () => '引号没有闭合'],
  [/^the header has no 姓名/, () => '表头没有“姓名”列'],
  [/^(\d+) values for (\d+) columns/, (a, b) => `有 ${a} 个值，多于表头的 ${b} 列`],
  [/^姓名 is empty/, () => '姓名为空'],
  [/^(\S+) is longer than (\d+) characters/, (col, n) => `${col}超过 ${n} 个字`],
  [/^手机号 must be an 11-digit mobile number/, () => '手机号应为 11 位手机号码'],
  [/^编号 (.+) is already on line (\d+)/, (no, l) => `编号 ${no} 与第 ${l} 行重复`],
  [/^the same person as line (\d+)/, (l) => `与第 ${l} 行是同一人`],
];

/**
 * importRoster's refusal in Chinese with its line (the server words it in English: `csv: line 3:
 * 姓名 is empty`); null when it is not about the file's content.
 */
export function rosterProblem(detail: string | undefined): string | null {
  if (!detail) return null;
  const text = detail.replace(/^csv: /, '');
  if (/^is empty/.test(text)) return '文件是空的：需要一行表头和至少一名成员';
  if (/^has a header but no members/.test(text)) return '只有表头，没有成员';
  const many = /^has (\d+) members; one roster holds at most (\d+)/.exec(text);
  if (many) return `共 ${many[1]} 人，一份花名册最多 ${many[2]} 人`;
  const line = /^line (\d+): (.*)$/s.exec(text);
  if (!line) return null;
  for (const [pattern, say] of ROSTER_WORDS) {
    const m = pattern.exec(line[2]);
    if (m) return `第 ${line[1]} 行：${say(...m.slice(1))}`;
  }
  return `第 ${line[1]} 行：${line[2]}`;
}
