/**
 * A V8 code cache for the server (Node 20 has no `module.enableCompileCache`, which came in 22.1):
 * the first start compiles as usual and writes what V8 compiled, after boot, to one file; later
 * starts hand V8 that code instead of compiling again.
 *
 * Two users: `runBundle` runs the bundled API (dist/bundle/api.js, scripts/build.js: one file, so
 * no module resolution either) from the cache, with its stack traces mapped back to the .ts
 * sources when one is printed; and `installCompileCache` caches the CommonJS files required from
 * node_modules (what the bundle leaves out, and everything for the worker and the unbundled
 * main.js). Measured on the 2-core machine (bench/README.md): the API's modules 2.1 s → 0.9 s.
 *
 * The server's own unbundled files keep Node's own loader, with their source maps
 * (`--enable-source-maps`) for stack traces. An entry is used only for the same
 * file with the same content (a SHA-1 of it) on the same Node and V8; V8 rejects one it cannot use,
 * and a file it cannot compile as CommonJS (an ES module loaded through require) or that calls
 * import() is left to Node.
 * The cache never decides what runs: at worst a start is as slow as without it.
 *
 * Off with SHANCHOU_COMPILE_CACHE=off; kept in another folder with SHANCHOU_COMPILE_CACHE=/path
 * (the image sets one under its writable DATA_DIR).
 * Installed first by the entry points (apps/api/src/start.ts, and through register-compile-cache.ts
 * main.ts of the API and the worker), before anything else is required: no imports but Node's own
 * (the stack-trace mapper requires @jridgewell/trace-mapping only when a trace is printed).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { compileCacheSetting } from '../config/compile-cache-setting';

interface CacheEntry {
  key: string;
  data: Buffer;
}

interface Compiled {
  key: string;
  script: vm.Script;
}

/** What this process did with the cache: for the startup log and the tests. */
export interface CompileCacheStats {
  file: string | null;
  /** Files compiled from cached code. */
  hits: number;
  /** Files compiled anew (not in the cache, changed, or rejected by V8). */
  misses: number;
  /** Cached entries V8 refused (another V8 build or flags): compiled anew. */
  rejected: number;
  /** The bundle runBundle ran as the main module, if any. */
  bundle: string | null;
}

type CompileFn = (this: Module, content: string, filename: string) => unknown;

interface InternalModule {
  prototype: { _compile: CompileFn };
  wrap(content: string): string;
  _resolveFilename(request: string, parent: Module, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: Module): string[] | null;
  _extensions: NodeJS.RequireExtensions;
  _cache: NodeJS.Dict<Module>;
}

const FORMAT = 'shanchou-compile-cache-1';
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

interface CacheState {
  file: string | null;
  stats: CompileCacheStats;
  cached: Map<string, CacheEntry>;
  compiled: Map<string, Compiled>;
  keepingBytecode: boolean;
  installed: boolean;
  flushed: boolean;
}

/**
 * One state per process, on a global: the bundle carries its own copy of this module, and the
 * launcher's copy (which installed the cache and ran the bundle) and the bundle's must share it.
 */
const STATE = Symbol.for('shanchou.compile-cache');
const state: CacheState =
  ((globalThis as Record<symbol, unknown>)[STATE] as CacheState | undefined) ??
  ((globalThis as Record<symbol, unknown>)[STATE] = {
    file: null,
    stats: { file: null, hits: 0, misses: 0, rejected: 0, bundle: null },
    cached: new Map(),
    compiled: new Map(),
    keepingBytecode: false,
    installed: false,
    flushed: false,
  } satisfies CacheState);

/**
 * The cache file of an app: under SHANCHOU_COMPILE_CACHE when it names a folder, else under
 * node_modules/.cache/shanchou of the nearest node_modules; none when it is `off`. Named by app and
 * by Node, architecture and V8, as V8 takes code only from its own build.
 */
export function compileCacheFile(name: string, setting = compileCacheSetting()): string | null {
  if (setting === 'off' || setting === '0' || setting === 'false') return null;
  const fileName = `compile-${name}-${process.version}-${process.arch}-${process.versions.v8}.bin`;
  if (setting) return path.join(path.resolve(setting), fileName);
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules')))
      return path.join(dir, 'node_modules', '.cache', 'shanchou', fileName);
    if (path.dirname(dir) === dir) return null;
  }
}

/** Reads a cache file: [u32 header length][header JSON][code...]; anything unreadable is no cache. */
export function readCompileCache(file: string): Map<string, CacheEntry> {
  const entries = new Map<string, CacheEntry>();
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch {
    return entries;
  }
  try {
    const headerLength = buf.readUInt32LE(0);
    const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString('utf8')) as {
      format: string;
      files: [string, string, number][];
    };
    if (header.format !== FORMAT) return entries;
    let offset = 4 + headerLength;
    for (const [filename, key, length] of header.files) {
      if (offset + length > buf.length) return new Map();
      entries.set(filename, { key, data: buf.subarray(offset, offset + length) });
      offset += length;
    }
  } catch {
    return new Map();
  }
  return entries;
}

/**
 * Installs the cache for this process (once). `name` tells the API's cache from the worker's: each
 * loads its own set of files.
 */
export function installCompileCache(name: string): CompileCacheStats {
  if (state.installed) return state.stats;
  state.installed = true;
  const file = compileCacheFile(name);
  if (!file) return state.stats;
  state.file = file;
  state.stats.file = file;
  state.cached = readCompileCache(file);
  keepBytecode(true);
  const internal = Module as unknown as InternalModule;
  const original = internal.prototype._compile;
  internal.prototype._compile = function compileWithCache(content: string, filename: string): unknown {
    // A file with import() keeps Node's way: V8 drops the dynamic-import callback of code it
    // takes from a cache (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING at the import, seen with PGlite).
    if (!filename.includes(NODE_MODULES) || content.includes('import(')) return original.call(this, content, filename);
    let script: vm.Script;
    try {
      script = compile(internal, content, filename);
    } catch {
      // Not CommonJS (an ES module loaded through require, a syntax Node handles itself): Node's way.
      return original.call(this, content, filename);
    }
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return fn.call(this.exports, this.exports, requireFor(internal, this), this, filename, path.dirname(filename));
  };
  return state.stats;
}

/** Compiles a CommonJS file from its cached code when there is some for this content; counts it. */
function compile(internal: InternalModule, content: string, filename: string): vm.Script {
  const entry = state.cached.get(filename);
  // The content's hash only when it is compared or kept: after the cache is written, neither.
  const key = entry || !state.flushed ? createHash('sha1').update(content).digest('base64') : '';
  const cachedData = entry && entry.key === key ? entry.data : undefined;
  const script = new vm.Script(internal.wrap(content), { filename, cachedData });
  if (cachedData && !script.cachedDataRejected) state.stats.hits++;
  else {
    state.stats.misses++;
    if (cachedData) state.stats.rejected++;
  }
  // After the cache is written, what is compiled later (a package loaded on first use) is not kept.
  if (!state.flushed) state.compiled.set(filename, { key, script });
  return script;
}

/**
 * Until the cache is written, V8 keeps the bytecode of functions that ran once (the modules' top
 * levels, which are what a start spends its time on): by default it drops it at a later garbage
 * collection, and a start that collected much (the first, migrating and seeding) wrote half a
 * cache (4.1 MB instead of 8.8) that loaded the modules in 1.7 s instead of 0.8 s. Set from the
 * first compile on every start, written or not: V8 refuses cached code made under other flags.
 */
function keepBytecode(keep: boolean): void {
  if (state.keepingBytecode === keep) return;
  state.keepingBytecode = keep;
  v8.setFlagsFromString(keep ? '--no-flush-bytecode' : '--flush-bytecode');
}

/**
 * Runs a bundled server as this process's main module, compiled from the cache (installed here
 * under `name` when it is not yet), its stack traces mapped to the sources.
 */
export function runBundle(name: string, file: string): void {
  installCompileCache(name);
  const internal = Module as unknown as InternalModule;
  const content = readFileSync(file, 'utf8');
  const script = compile(internal, content, file);
  state.stats.bundle = file;
  mapStackTraces(file);
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  internal._cache[file] = mod;
  process.mainModule = mod;
  const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
  fn.call(mod.exports, mod.exports, requireFor(internal, mod, mod), mod, file, path.dirname(file));
  mod.loaded = true;
}

/**
 * Node maps stack traces only of the code its own loader compiled: the bundle's frames are mapped
 * here, when a trace is printed (never at start), through the bundle's source map to the compiled
 * file and through that file's map to its .ts line. Without @jridgewell/trace-mapping (a
 * production install leaves nothing out, but still) or a map, the frame stays as V8 wrote it.
 */
function mapStackTraces(bundle: string): void {
  type Position = { source: string | null; line: number | null; column: number | null };
  type Tracer = { map(line: number, column: number): Position | null };
  const tracers = new Map<string, Tracer | null>();
  const tracerFor = (file: string): Tracer | null => {
    if (tracers.has(file)) return tracers.get(file)!;
    let tracer: Tracer | null = null;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const tm = require('@jridgewell/trace-mapping') as typeof import('@jridgewell/trace-mapping');
      const traced = new tm.TraceMap(readFileSync(`${file}.map`, 'utf8'), `${file}.map`);
      tracer = {
        map: (line, column) => {
          const p = tm.originalPositionFor(traced, { line, column });
          return p.source === null ? null : p;
        },
      };
    } catch {
      tracer = null;
    }
    tracers.set(file, tracer);
    return tracer;
  };
  const locate = (line: number, column: number): string | null => {
    const inBundle = tracerFor(bundle)?.map(line, column - 1);
    if (!inBundle?.source || inBundle.line === null || inBundle.column === null) return null;
    const compiled = inBundle.source;
    const inSource = tracerFor(compiled)?.map(inBundle.line, inBundle.column);
    if (inSource?.source && inSource.line !== null && inSource.column !== null) {
      return `${inSource.source}:${inSource.line}:${inSource.column + 1}`;
    }
    return `${compiled}:${inBundle.line}:${inBundle.column + 1}`;
  };
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]): string => {
    const lines = frames.map((frame) => {
      // A CallSite's toString is V8's own line of a trace ("fn (file:line:column)").
      // eslint-disable-next-line @typescript-eslint/no-base-to-string
      const text = frame.toString();
      if (frame.getFileName() !== bundle) return text;
      const line = frame.getLineNumber();
      const column = frame.getColumnNumber();
      if (line === null || column === null) return text;
      const at = locate(line, column);
      return at ? text.replace(`${bundle}:${line}:${column}`, at) : text;
    });
    let head: string;
    try {
      head = Error.prototype.toString.call(error);
    } catch {
      head = 'Error';
    }
    return [head, ...lines.map((l) => `    at ${l}`)].join('\n');
  };
}

/** The `require` a module's wrapper receives, as Node's makeRequireFunction builds it. */
function requireFor(internal: InternalModule, mod: Module, main?: Module): NodeJS.Require {
  const require = ((id: string): unknown => mod.require(id) as unknown) as NodeJS.Require;
  const resolve = ((request: string, options?: { paths?: string[] }) =>
    internal._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => internal._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = main ?? process.mainModule;
  require.extensions = internal._extensions;
  require.cache = internal._cache;
  return require;
}

export function compileCacheStats(): CompileCacheStats {
  return { ...state.stats };
}

/**
 * Writes what V8 compiled so far (boot's functions included) when this start compiled anything
 * anew; the file is replaced whole (another process may be reading or writing it). A start that
 * found everything cached writes nothing. Errors are returned, never thrown: a read-only folder
 * only means no cache.
 */
export function flushCompileCache(): { written: boolean; files: number; bytes: number; error?: string } {
  try {
    return writeCompileCache();
  } finally {
    // From here on V8 may drop bytecode again as it does by default; the cache is not written twice.
    keepBytecode(false);
    state.flushed = true;
    state.compiled.clear();
  }
}

function writeCompileCache(): { written: boolean; files: number; bytes: number; error?: string } {
  if (!state.file || state.flushed || state.stats.misses === 0) return { written: false, files: 0, bytes: 0 };
  try {
    const files: [string, string, number][] = [];
    const parts: Buffer[] = [];
    for (const [filename, { key, script }] of state.compiled) {
      const data = script.createCachedData();
      files.push([filename, key, data.length]);
      parts.push(data);
    }
    const header = Buffer.from(JSON.stringify({ format: FORMAT, files }), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const body = Buffer.concat([length, header, ...parts]);
    mkdirSync(path.dirname(state.file), { recursive: true });
    const temporary = `${state.file}.${process.pid}.tmp`;
    writeFileSync(temporary, body);
    renameSync(temporary, state.file);
    return { written: true, files: files.length, bytes: body.length };
  } catch (err) {
    return { written: false, files: 0, bytes: 0, error: err instanceof Error ? err.message : String(err) };
  }
}
