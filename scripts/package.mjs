#!/usr/bin/env node
// `npm run package [-- --dir] [-- --arch x64|arm64]`: the kiosk AppImage for
// x64 and arm64 (issue 9) with electron-builder from electron-builder.yml;
// `--dir` builds the unpacked app folders instead.
//
// Where Electron comes from, per architecture, in this order:
//   1. ELECTRON_OVERRIDE_DIST_PATH (the variable the `electron` package itself
//      honours): an unpacked Electron dist (its architecture is read from the
//      ELF header of its `electron` binary), or a folder holding
//      electron-v<version>-linux-<arch>.zip files, one per architecture;
//   2. @electron/get's cache, which electron-builder reads before downloading:
//      $electron_config_cache, $ELECTRON_CACHE, or ~/.cache/electron, with the
//      zip at its top or one folder down (the layout @electron/get writes);
//   3. electron-builder's own download, when the download host resolves.
// The AppImage target also needs electron-builder's AppImage tools
// (APPIMAGE_TOOLS_PATH, its cache ~/.cache/electron-builder/appimage*, or the
// download). Offline is decided BEFORE electron-builder starts: no source
// above, and the download host does not resolve in DNS within 3 s (with a
// proxy configured the download is assumed possible, since only
// electron-builder knows how to use it). Then the script prints one line
// saying what is missing and how to provide it and exits 1: no stack trace,
// and no dist/ — electron-builder writes into a temporary folder that
// replaces dist/ only when every target was built.
import { spawnSync } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ARCHES = ['x64', 'arm64'];

/** ELF e_machine values of the two architectures ThinCert ships for. */
const ELF_MACHINE = { 0x3e: 'x64', 0xb7: 'arm64' };

export function electronVersion() {
  const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
  return String(config.electronVersion);
}

export function zipName(version, arch) {
  return `electron-v${version}-linux-${arch}.zip`;
}

/** The architecture of an unpacked dist, from its `electron` binary's ELF header, or null. */
export function unpackedDistArch(dir) {
  const binary = path.join(dir, 'electron');
  if (!existsSync(binary)) return null;
  const header = Buffer.alloc(20);
  const fd = openSync(binary, 'r');
  try {
    readSync(fd, header, 0, 20, 0);
  } finally {
    closeSync(fd);
  }
  if (header.readUInt32BE(0) !== 0x7f454c46) return null; // not ELF
  return ELF_MACHINE[header.readUInt16LE(18)] ?? null;
}

/** The version an unpacked dist declares in its `version` file (every Electron release zip has one). */
export function unpackedDistVersion(dir) {
  try {
    return readFileSync(path.join(dir, 'version'), 'utf8').trim().replace(/^v/, '');
  } catch {
    return null; // no version file: not a release dist we can vouch for
  }
}

function isDir(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false; // absent or unreadable: not a source
  }
}

/** A file named `name` at the top of `dir` or one folder down, or null. */
function findShallow(dir, name) {
  if (!isDir(dir)) return null;
  if (existsSync(path.join(dir, name))) return path.join(dir, name);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && existsSync(path.join(dir, entry.name, name))) return path.join(dir, entry.name, name);
  }
  return null;
}

export function electronCacheDirs(env, home) {
  return [env.electron_config_cache, env.ELECTRON_CACHE, path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'electron')].filter(Boolean);
}

function builderCacheDir(env, home) {
  return env.ELECTRON_BUILDER_CACHE || path.join(env.XDG_CACHE_HOME || path.join(home, '.cache'), 'electron-builder');
}

/**
 * Where each architecture's Electron comes from: { kind: 'override'|'cache', path }
 * (handed to electron-builder as electronDist), { kind: 'download' }, or
 * { kind: 'missing', why } — decided without electron-builder.
 */
export function electronSources({ env, home, version, arches, online }) {
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const result = {};
  for (const arch of arches) {
    if (override) {
      if (!existsSync(override)) {
        result[arch] = { kind: 'missing', why: `ELECTRON_OVERRIDE_DIST_PATH=${override} does not exist` };
        continue;
      }
      const zip = findShallow(override, zipName(version, arch));
      if (zip) {
        result[arch] = { kind: 'override', path: zip };
        continue;
      }
      if (unpackedDistArch(override) === arch && unpackedDistVersion(override) === version) {
        result[arch] = { kind: 'override', path: override };
        continue;
      }
    }
    const cached = electronCacheDirs(env, home)
      .map((dir) => findShallow(dir, zipName(version, arch)))
      .find(Boolean);
    if (cached) result[arch] = { kind: 'cache', path: cached };
    else if (online) result[arch] = { kind: 'download' };
    else result[arch] = { kind: 'missing', why: `no Electron ${version} for linux-${arch}` };
  }
  return result;
}

export function appImageToolsAvailable({ env, home, online }) {
  if (env.APPIMAGE_TOOLS_PATH && isDir(env.APPIMAGE_TOOLS_PATH)) return true;
  const cache = builderCacheDir(env, home);
  if (isDir(cache) && readdirSync(cache).some((name) => name.startsWith('appimage'))) return true;
  return online;
}

/** Whether electron-builder could download: a proxy is trusted; otherwise the host must resolve within 3 s. */
export async function downloadPossible(env) {
  if (env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy) return true;
  let host = 'github.com';
  try {
    if (env.ELECTRON_MIRROR) host = new URL(env.ELECTRON_MIRROR).hostname;
  } catch {
    return false; // a mirror that is not a URL cannot be downloaded from either
  }
  const timeout = new Promise((resolve) => setTimeout(() => resolve(false), 3000).unref());
  const resolved = lookup(host).then(
    () => true,
    () => false,
  );
  return Promise.race([resolved, timeout]);
}

export function parseArgs(argv) {
  const options = { dir: false, arches: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dir') options.dir = true;
    else if (arg === '--arch' && ARCHES.includes(argv[i + 1])) options.arches.push(argv[++i]);
    else if (arg.startsWith('--arch=') && ARCHES.includes(arg.slice(7))) options.arches.push(arg.slice(7));
    else return { error: `unknown argument ${arg} (use --dir, --arch x64, --arch arm64)` };
  }
  if (options.arches.length === 0) options.arches = [...ARCHES];
  return options;
}

/** The one line printed when something is missing; exit status 1. */
function stop(message) {
  process.stderr.write(`npm run package: ${message}\n`);
  process.exit(1);
}

async function main() {
  // electron-builder resolves the afterPack hook (./scripts/after-pack.cjs) against the working folder.
  process.chdir(root);
  const options = parseArgs(process.argv.slice(2));
  if (options.error) stop(options.error);
  const env = process.env;
  const home = os.homedir();
  const version = electronVersion();
  const online = await downloadPossible(env);

  const sources = electronSources({ env, home, version, arches: options.arches, online });
  const missing = options.arches.filter((arch) => sources[arch].kind === 'missing');
  if (missing.length > 0) {
    const overrideWhy = missing.map((arch) => sources[arch].why).find((why) => why.startsWith('ELECTRON_OVERRIDE'));
    stop(
      `${overrideWhy ?? `no Electron ${version} for ${missing.map((a) => `linux-${a}`).join(', ')}`} and the download host is unreachable: ` +
        `set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron ${version} dist of that architecture or to a folder with ${missing.map((a) => zipName(version, a)).join(', ')} ` +
        `(from github.com/electron/electron/releases/tag/v${version}), or build on a machine with network access; --arch limits the build to one architecture.`,
    );
  }
  if (!options.dir && !appImageToolsAvailable({ env, home, online })) {
    stop(
      "electron-builder's AppImage tools are not in its cache and the download host is unreachable: set APPIMAGE_TOOLS_PATH, " +
        'copy ~/.cache/electron-builder/appimage* from a machine that built an AppImage, or use --dir for unpacked folders.',
    );
  }

  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) stop('the build (scripts/build.mjs) failed; see above.');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  if (!pkg.main || !existsSync(path.join(root, pkg.main))) {
    stop(`package.json "main" (${pkg.main}) does not exist after the build; the build writes out/main/electron.cjs.`);
  }

  const { build: electronBuilder, Platform, Arch } = await import('electron-builder');
  const staging = mkdtempSync(path.join(os.tmpdir(), 'thincert-dist-'));
  try {
    await electronBuilder({
      projectDir: root,
      config: {
        directories: { output: staging },
        // Per architecture: the dist found above, or null for electron-builder's own download.
        electronDist: (prepare) => {
          const source = sources[prepare.arch];
          return source && source.kind !== 'download' ? source.path : null;
        },
      },
      targets: Platform.LINUX.createTarget(options.dir ? ['dir'] : ['AppImage'], ...options.arches.map((arch) => Arch[arch])),
      publish: 'never',
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const first = String(error instanceof Error ? error.message : error).split('\n')[0];
    stop(`electron-builder failed: ${first}`);
  }
  const dist = path.join(root, 'dist');
  rmSync(dist, { recursive: true, force: true });
  cpSync(staging, dist, { recursive: true, verbatimSymlinks: true });
  rmSync(staging, { recursive: true, force: true });
  console.log(`packaged into dist/: ${readdirSync(dist).filter((name) => !name.startsWith('.')).join(', ')}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => stop(`unexpected failure: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`));
}
