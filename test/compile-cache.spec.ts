import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Options, transformFileSync } from '@swc/core';

// The build's own SWC options (scripts/ is plain JavaScript).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { swcOptions } = require('../scripts/swc-options') as { swcOptions(o?: { sourceMaps?: boolean }): Options };
const ROOT = path.resolve(__dirname, '..');
const MODULE = path.join(ROOT, 'libs/core/src/lifecycle/compile-cache.ts');
const SETTING = path.join(ROOT, 'libs/core/src/config/compile-cache-setting.ts');

/**
 * The code cache in real Node processes (it hooks Node's loader, so only a child process shows
 * what it does): a second start takes the code from the cache and behaves exactly as the first;
 * a changed file, a corrupt cache, an ES module, a file with import() and `off` all still run;
 * and a bundle run by runBundle prints its stack traces at the .ts lines.
 */
describe('compile cache', () => {
  let root: string;
  let cacheDir: string;

  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };

  /** One start of app/main.js: what it printed (JSON). */
  const start = (env: Record<string, string> = {}): Record<string, unknown> => {
    const out = execFileSync(process.execPath, [path.join(root, 'app', 'main.js')], {
      env: { PATH: process.env.PATH, SHANCHOU_COMPILE_CACHE: cacheDir, ...env },
      encoding: 'utf8',
    });
    return JSON.parse(out) as Record<string, unknown>;
  };

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'compile-cache-'));
    cacheDir = path.join(root, 'cache');
    // The module as the build compiles it (plain CommonJS requiring only Node's own modules and
    // its setting), at lib/lifecycle/ with the setting at lib/config/ as in dist/.
    for (const [source, target] of [
      [MODULE, 'lib/lifecycle/compile-cache.js'],
      [SETTING, 'lib/config/compile-cache-setting.js'],
    ]) {
      const { code } = transformFileSync(source, {
        ...swcOptions({ sourceMaps: false }),
        swcrc: false,
        configFile: false,
      });
      write(target, code);
    }
    write('app/node_modules/adder/package.json', '{"name":"adder","main":"index.js"}');
    write(
      'app/node_modules/adder/index.js',
      `'use strict';
exports.add = (a, b) => a + b;
exports.file = __filename;
exports.resolved = require.resolve('./index.js');
exports.helper = require('./helper').twice(21);`,
    );
    write('app/node_modules/adder/helper.js', `exports.twice = (n) => n * 2;`);
    write('app/node_modules/later/index.js', `exports.sep = () => import('node:path').then((p) => p.sep);`);
    write('app/node_modules/esm-only/package.json', '{"name":"esm-only"}');
    write('app/node_modules/esm-only/index.js', `export const answer = 42;`);
    write(
      'app/main.js',
      `const cc = require('../lib/lifecycle/compile-cache.js');
cc.installCompileCache('test');
const adder = require('adder');
const later = require('later');
const esm = require('esm-only');
later.sep().then((sep) => {
  const stats = cc.compileCacheStats();
  const flushed = cc.flushCompileCache();
  process.stdout.write(JSON.stringify({ sum: adder.add(2, 3), helper: adder.helper, file: adder.file,
    resolved: adder.resolved, sep, answer: esm.answer, stats, flushed }));
});`,
    );
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('a second start takes the code from the cache and behaves as the first; a changed file is compiled anew', () => {
    const first = start();
    expect(first).toMatchObject({ sum: 5, helper: 42, sep: '/', answer: 42 });
    expect(first.stats).toMatchObject({ bundle: null });
    expect(first.file).toBe(path.join(root, 'app/node_modules/adder/index.js'));
    expect(first.resolved).toBe(first.file);
    // adder/index.js and adder/helper.js; later (import()) and esm-only are left to Node.
    expect(first.stats).toMatchObject({ hits: 0, misses: 2, rejected: 0 });
    expect(first.flushed).toMatchObject({ written: true, files: 2 });
    const [cacheFile] = fs.readdirSync(cacheDir);
    expect(cacheFile).toMatch(/^compile-test-v\d+\.\d+\.\d+-[a-z0-9]+-[\d.]+.*\.bin$/);

    const second = start();
    expect({ ...second, stats: undefined, flushed: undefined }).toEqual({
      ...first,
      stats: undefined,
      flushed: undefined,
    });
    expect(second.stats).toMatchObject({ hits: 2, misses: 0, rejected: 0 });
    expect(second.flushed).toMatchObject({ written: false });

    write('app/node_modules/adder/index.js', `exports.add = (a, b) => a * b; exports.helper = 0;`);
    const changed = start();
    expect(changed).toMatchObject({ sum: 6, helper: 0 });
    expect(changed.stats).toMatchObject({ hits: 0, misses: 1 });
    expect(changed.flushed).toMatchObject({ written: true, files: 1 });
  });

  it('a corrupt cache file is no cache, and off writes nothing', () => {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    start();
    const [cacheFile] = fs.readdirSync(cacheDir);
    fs.writeFileSync(path.join(cacheDir, cacheFile), Buffer.from('\xff\xff\xff\x7fnot a cache'));
    const afterCorruption = start();
    expect(afterCorruption.stats).toMatchObject({ hits: 0, rejected: 0 });
    expect(afterCorruption.flushed).toMatchObject({ written: true });
    expect(start().stats).toMatchObject({ misses: 0 });

    fs.rmSync(cacheDir, { recursive: true, force: true });
    const off = start({ SHANCHOU_COMPILE_CACHE: 'off' });
    expect(off).toMatchObject({ answer: 42, sep: '/', stats: { file: null, hits: 0, misses: 0 } });
    expect(fs.existsSync(cacheDir)).toBe(false);
  });

  it('runBundle runs a bundle as the main module from the cache, its stack traces at the .ts lines', () => {
    write(
      'bundled/src/thrower.ts',
      `export function check(amountFen: number): number {
  if (amountFen <= 0) {
    throw new Error('amount must be positive');
  }
  return amountFen;
}
`,
    );
    write(
      'bundled/src/main.ts',
      `import { check } from './thrower';
try {
  check(-1);
} catch (err) {
  process.stdout.write(JSON.stringify({ stack: (err as Error).stack, main: require.main === module }));
}
`,
    );
    for (const name of ['thrower', 'main']) {
      const source = path.join(root, 'bundled/src', `${name}.ts`);
      const target = path.join(root, 'bundled/dist', `${name}.js`);
      const { code, map } = transformFileSync(source, {
        ...swcOptions(),
        filename: source,
        outputPath: target,
        swcrc: false,
        configFile: false,
      });
      write(`bundled/dist/${name}.js`, `${code}\n//# sourceMappingURL=${name}.js.map`);
      write(`bundled/dist/${name}.js.map`, map!);
    }
    const bundleFile = path.join(root, 'bundled/bundle/app.js');
    // Bundled as scripts/build.js bundles the API (rolldown is an ES module jest cannot load: a child does it).
    execFileSync(
      process.execPath,
      [
        '-e',
        `const { rolldown } = require('rolldown');
(async () => {
  const bundle = await rolldown({ input: process.argv[1], platform: 'node', logLevel: 'silent' });
  await bundle.write({ file: process.argv[2], format: 'cjs', sourcemap: true });
  await bundle.close();
})();`,
        path.join(root, 'bundled/dist/main.js'),
        bundleFile,
      ],
      { cwd: ROOT },
    );
    const statsFile = path.join(root, 'bundled/stats.json');
    write(
      'bundled/start.js',
      `const cc = require('../lib/lifecycle/compile-cache.js');
cc.runBundle('bundle', ${JSON.stringify(bundleFile)});
const flushed = cc.flushCompileCache();
require('node:fs').writeFileSync(${JSON.stringify(statsFile)}, JSON.stringify({ stats: cc.compileCacheStats(), flushed }));`,
    );
    const run = (): { stack: string; main: boolean; stats: unknown; flushed: unknown } => {
      const printed = JSON.parse(
        execFileSync(process.execPath, [path.join(root, 'bundled/start.js')], {
          env: {
            PATH: process.env.PATH,
            SHANCHOU_COMPILE_CACHE: cacheDir,
            // Where the trace mapper finds @jridgewell/trace-mapping from this temporary folder.
            NODE_PATH: path.join(ROOT, 'node_modules'),
          },
          encoding: 'utf8',
        }),
      ) as { stack: string; main: boolean };
      return { ...printed, ...(JSON.parse(fs.readFileSync(statsFile, 'utf8')) as object) } as never;
    };
    const first = run();
    expect(first.main).toBe(true);
    // The bundle, and the trace mapper's three files (required from node_modules when the trace was printed).
    expect(first.stats).toMatchObject({ hits: 0, misses: 4, bundle: bundleFile });
    expect(first.flushed).toMatchObject({ written: true });
    const [head, top] = first.stack.split('\n');
    expect(head).toBe('Error: amount must be positive');
    expect(top).toContain(`${path.join(root, 'bundled/src/thrower.ts')}:3:`);
    expect(top).toMatch(/^ {4}at check \(/);
    expect(first.stack).toContain(`${path.join(root, 'bundled/src/main.ts')}:3:`);
    expect(first.stack).not.toContain(bundleFile);

    const second = run();
    expect(second.stats).toMatchObject({ hits: 4, misses: 0, rejected: 0 });
    expect(second.stack).toBe(first.stack);
  });
});
