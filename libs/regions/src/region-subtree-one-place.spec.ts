import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' || e.name === 'node_modules' ? [] : sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * Issue 14: the subtree rule lives in region-subtree.ts alone, and no other module joins the
 * regions module's tables or matches region paths itself: it calls `Subtree` or `isInSubtree`.
 */
describe('the region subtree rule is written in one place', () => {
  const files = [
    ...sources(join(ROOT, 'libs')),
    ...sources(join(ROOT, 'apps/api/src')),
    ...sources(join(ROOT, 'apps/worker/src')),
  ].filter((f) => !relative(ROOT, f).startsWith('libs/regions/'));
  const FORBIDDEN = [
    /\bJOIN\s+(region|service_node)\b/i,
    /innerJoin\(\s*'(region|service_node)'/,
    /\bpath\s+LIKE\b/i,
    /\.path\.startsWith\(/,
  ];

  it('finds source files to check', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('no file outside libs/regions joins region or service_node or matches a region path', () => {
    const found = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          FORBIDDEN.some((re) => re.test(line)) ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(found).toEqual([]);
  });
});
