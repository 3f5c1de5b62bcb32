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
