/**
 * A person's name as people outside the record's circle see it: the surname kept, the rest
 * starred (张三 → 张*, 欧阳娜娜 → 欧***): household heads, receivers and volunteers. The ledger's
 * maskDonor applies the same rule in its own dependency-free file, which the H5 tests import.
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length === 0 ? '' : chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}
