import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Head, verifyLedger } from './verify-ledger';

/**
 * npm run ledger:verify -- --url https://shanchou.example.cn [--state ledger-witness.json] [--heads 200|all]
 *
 * Exits 0 when the ledger checks out, 1 on any mismatch, 2 on bad usage or an unreachable server.
 * With --state, the last verified head is kept, so the next run proves the ledger only grew.
 * --heads: how many of the latest signed heads to check, each with the key it names (default 200).
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, state: { type: 'string' }, heads: { type: 'string' } },
  });
  const heads = values.heads === 'all' ? 'all' : values.heads === undefined ? undefined : Number(values.heads);
  if (!values.url || (typeof heads === 'number' && !(Number.isSafeInteger(heads) && heads >= 1))) {
    console.error('usage: npm run ledger:verify -- --url <base url> [--state <file>] [--heads <n>|all]');
    return 2;
  }
  const previous =
    values.state && existsSync(values.state) ? (JSON.parse(readFileSync(values.state, 'utf8')) as Head) : undefined;
  let report;
  try {
    report = await verifyLedger(values.url, { previous, heads });
  } catch (err) {
    console.error(`could not read the ledger at ${values.url}: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
  if (!report.ok) {
    console.error(`LEDGER CHECK FAILED (${report.problems.length} problems):`);
    for (const p of report.problems) console.error(`  - ${p}`);
    return 1;
  }
  console.log(
    `ledger verified: ${report.entries} entries; signed head of size ${report.head?.treeSize} (${report.head?.rootHash})` +
      `; ${report.headsChecked} signed heads, each with the key it names (${report.keysUsed.join(', ')})` +
      (report.checkedConsistencyFrom !== undefined
        ? `; consistent with the head of size ${report.checkedConsistencyFrom}`
        : ''),
  );
  if (values.state && report.head) writeFileSync(values.state, JSON.stringify(report.head, null, 2));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);
