/** An amount in fen as a person reads it in a message: 100 → "1", 150 → "1.50" (元 is written after it). */
export function yuan(fen: number | string | bigint): string {
  const value = Number(fen);
  return Number.isInteger(value / 100) ? String(value / 100) : (value / 100).toFixed(2);
}
