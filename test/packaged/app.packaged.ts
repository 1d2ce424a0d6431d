/**
 * The packed app itself (issue 9), on a machine with an Electron dist, after
 * `npm run package -- --dir` (or a full `npm run package`, which leaves the
 * unpacked folders next to the AppImages):
 *   - the fuses read back from each packed binary;
 *   - the real app.asar holds only built output;
 *   - the packaged binary is the CLI: `--cli … --json` prints JSON on stdout,
 *     exits with the CLI's status, opens no window (headless, no display);
 *   - ELECTRON_RUN_AS_NODE does not turn it into Node.
 * With nothing packed it FAILS: a check that did not run proves nothing.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getCurrentFuseWire, FuseV1Options } from '@electron/fuses';
import { listPackage } from '@electron/asar';
import { FUSES } from '../../scripts/after-pack.cjs';

const root = path.resolve(__dirname, '..', '..');
// The wire stores each fuse as an ASCII digit: '1' on, '0' off (@electron/fuses' FuseState, not exported from its index).
const FUSE_ON = 0x31;
const FUSE_OFF = 0x30;
const dist = process.env.THINCERT_PACKAGED_DIR ?? path.join(root, 'dist');
const FOLDERS: Record<string, string> = { x64: 'linux-unpacked', arm64: 'linux-arm64-unpacked' };
const hostArch = process.arch === 'arm64' ? 'arm64' : 'x64';

const packed = Object.entries(FOLDERS)
  .map(([arch, folder]) => ({ arch, dir: path.join(dist, folder) }))
  .filter(({ dir }) => existsSync(path.join(dir, 'thincert')));

describe('the packed app', () => {
  it('exists: run `npm run package -- --dir` on a machine with an Electron dist first', () => {
    if (packed.length === 0) {
      throw new Error(`nothing packed in ${dist} (looked for ${Object.values(FOLDERS).map((f) => `${f}/thincert`).join(', ')}); build it with ELECTRON_OVERRIDE_DIST_PATH=… npm run package -- --dir`);
    }
    expect(packed.length).toBeGreaterThan(0);
  });

  for (const { arch, dir } of packed) {
    it(`${arch}: the fuses in the binary are the hook's settings`, async () => {
      const wire = await getCurrentFuseWire(path.join(dir, 'thincert'));
      const options = Object.values(FuseV1Options).filter((v): v is FuseV1Options => typeof v === 'number');
      for (const option of options) {
        const wanted = (FUSES as Partial<Record<FuseV1Options, boolean>>)[option];
        expect(wire[option], FuseV1Options[option]).toBe(wanted ? FUSE_ON : FUSE_OFF);
      }
    });

    it(`${arch}: app.asar holds only built output`, () => {
      const files = listPackage(path.join(dir, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replace(/^\//, ''));
      expect(files).toContain('out/main/electron.cjs');
      for (const pattern of [/\.(ts|tsx)$/, /\.map$/, /^out\/(web|sim)\//, /node_modules/, /^(main|app|renderer|test|e2e|scripts)\//]) {
        expect(files.filter((f) => pattern.test(f))).toEqual([]);
      }
      // OnlyLoadAppFromAsar: nothing next to the asar that Electron could load instead.
      expect(existsSync(path.join(dir, 'resources', 'app'))).toBe(false);
    });
  }

  const host = packed.find(({ arch }) => arch === hostArch);
  if (host) {
    const binary = path.join(host.dir, 'thincert');
    const cliEnv = (dataDir: string): NodeJS.ProcessEnv => {
      // No display, as over SSH: the CLI must not need one.
      const { DISPLAY: _d, WAYLAND_DISPLAY: _w, ...rest } = process.env;
      return { ...rest, THINCERT_DATA_DIR: dataDir };
    };

    it('is the CLI: --cli list --json prints one JSON document and exits 0, without a display', () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'thincert-packaged-'));
      try {
        const result = spawnSync(binary, ['--ozone-platform=headless', '--disable-gpu', '--cli', 'list', '--json'], { env: cliEnv(dataDir), encoding: 'utf8', timeout: 45_000 });
        expect(result.status, result.stderr).toBe(0);
        expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it("exits with the CLI's status: a usage error is 2", () => {
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'thincert-packaged-'));
      try {
        const result = spawnSync(binary, ['--ozone-platform=headless', '--disable-gpu', '--cli', 'no-such-command'], { env: cliEnv(dataDir), encoding: 'utf8', timeout: 45_000 });
        expect(result.status).toBe(2);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('ignores ELECTRON_RUN_AS_NODE (RunAsNode fuse off)', () => {
      // With the fuse on, this would be Node evaluating -e and printing. With it
      // off, Electron starts the kiosk, which has no display here and ends
      // (or is stopped by the timeout) without ever printing that line.
      const result = spawnSync(binary, ['-e', 'console.log("node-" + "ran")'], {
        env: { ...cliEnv(os.tmpdir()), ELECTRON_RUN_AS_NODE: '1' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(result.stdout ?? '').not.toContain('node-ran');
    });
  } else {
    it(`runs the packed ${hostArch} binary on this ${hostArch} machine`, () => {
      throw new Error(`no ${FOLDERS[hostArch]} in ${dist}: the CLI checks need the packed app of this machine's architecture (npm run package -- --dir --arch ${hostArch})`);
    });
  }
});
