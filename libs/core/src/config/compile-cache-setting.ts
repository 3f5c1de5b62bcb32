/**
 * SHANCHOU_COMPILE_CACHE, read before anything else loads (the V8 code cache is installed before
 * AppConfig's modules are required, lifecycle/compile-cache.ts): `off`, a folder, or unset.
 * No imports: it loads first.
 */
export function compileCacheSetting(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.SHANCHOU_COMPILE_CACHE?.trim() || undefined;
}
