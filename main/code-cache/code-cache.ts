/**
 * Runs a built bundle through a V8 code cache kept beside it (issue 14): the
 * CLI (out/cli/thincert.cjs) and the web host (out/web/server.cjs) are small
 * launchers that call runBundle, because a whole process otherwise spends
 * 20–100 ms parsing and compiling 1.7 MB of bundle before it starts. The cache
 * is made at build time by training runs (scripts/code-cache.mjs) and only
 * ever read here; it never lives in the data folder.
 *
 * Safe by construction: a cache file is named for one V8 version and
 * architecture (the packaged Electron's V8 or another Node finds no file) and
 * its header names the bundle's size and mtime it was made from (a rebuilt or
 * replaced bundle no longer matches). V8 checks its own version, flags and a
 * checksum again and may still reject it (`cachedDataRejected`); in every one
 * of these cases the bundle is compiled from source as Node would.
 */
import { closeSync, fstatSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

interface BundleIdentity {
  size: number;
  mtimeMs: number;
}

export interface BundleRun {
  /** Whether V8 took the cached code; false when there was no usable cache. */
  cacheUsed: boolean;
  /** The cache as it stands after whatever the bundle has compiled so far (training). */
  cacheNow(): Buffer;
}

/** One file per V8 and architecture, so no runtime ever reads another's cache. */
export function codeCachePath(bundle: string): string {
  return `${bundle}.v8-${process.versions.v8.replace(/[^0-9A-Za-z.-]/g, '_')}-${process.arch}.cache`;
}

function headerOf(identity: BundleIdentity): string {
  return `${JSON.stringify({ size: identity.size, mtimeMs: identity.mtimeMs })}\n`;
}

function readCache(bundle: string, identity: BundleIdentity): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(codeCachePath(bundle));
  } catch {
    return undefined;
  }
  const header = Buffer.from(headerOf(identity));
  // Made from another build of the bundle: V8 alone would only compare the source's length.
  if (bytes.length <= header.length || !bytes.subarray(0, header.length).equals(header)) return undefined;
  return bytes.subarray(header.length);
}

/**
 * Compiles and runs `bundle` as Node runs a CommonJS main module (same
 * wrapper, `require`, `module`, `__dirname`), with the cached code if any.
 */
export function runBundle(bundle: string, parent: NodeModule | undefined): BundleRun {
  const fd = openSync(bundle, 'r');
  let source: string;
  let identity: BundleIdentity;
  try {
    const info = fstatSync(fd);
    identity = { size: info.size, mtimeMs: info.mtimeMs };
    source = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  const cachedData = readCache(bundle, identity);
  const script = new vm.Script(Module.wrap(source), {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
    // The bundle keeps a few `import()` of Node's own modules (readline for a prompt).
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const cacheUsed = cachedData !== undefined && script.cachedDataRejected !== true;
  if (process.env.THINCERT_CODE_CACHE_REPORT === '1') process.stderr.write(`thincert: code cache ${cacheUsed ? 'used' : cachedData ? 'rejected by V8' : 'absent or from another build'}: ${codeCachePath(bundle)}\n`);
  const mainModule = new Module(bundle, parent);
  mainModule.filename = bundle;
  mainModule.paths = [];
  mainModule.loaded = true;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: NodeModule, filename: string, dirname: string) => void;
  wrapper.call(mainModule.exports, mainModule.exports, Module.createRequire(bundle), mainModule, bundle, path.dirname(bundle));
  return {
    cacheUsed,
    cacheNow: () => Buffer.concat([Buffer.from(headerOf(identity)), script.createCachedData()]),
  };
}

/** Build time only: run the bundle once and leave the cache of what it compiled beside it. */
export function trainBundle(bundle: string, parent: NodeModule | undefined): void {
  const run = runBundle(bundle, parent);
  process.once('exit', () => {
    // Renamed into place: a CLI starting meanwhile reads the old cache or the new one, never half of one.
    const temp = `${codeCachePath(bundle)}.${process.pid}`;
    writeFileSync(temp, run.cacheNow(), { mode: 0o644 });
    renameSync(temp, codeCachePath(bundle));
  });
}
