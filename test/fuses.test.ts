/**
 * Electron's fuses (issue 9): the settings the afterPack hook flips, proven
 * here from the one place they live (scripts/after-pack.cjs). Reading them
 * back from a packed binary needs an Electron dist: `npm run test:packaged`.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { FUSES, afterPack, electronBinaryPath } from '../scripts/after-pack.cjs';

const root = path.resolve(__dirname, '..');
const fuse = (option: FuseV1Options) => (FUSES as Partial<Record<FuseV1Options, boolean>>)[option];

describe('fuses flipped by the afterPack hook', () => {
  it.each([
    ['RunAsNode off (ELECTRON_RUN_AS_NODE cannot turn the kiosk into Node)', FuseV1Options.RunAsNode, false],
    ['NODE_OPTIONS off', FuseV1Options.EnableNodeOptionsEnvironmentVariable, false],
    ['--inspect arguments off', FuseV1Options.EnableNodeCliInspectArguments, false],
    ['embedded asar integrity validation on', FuseV1Options.EnableEmbeddedAsarIntegrityValidation, true],
    ['only load the app from the asar on', FuseV1Options.OnlyLoadAppFromAsar, true],
    ['cookie encryption on', FuseV1Options.EnableCookieEncryption, true],
    ['no browser-process V8 snapshot (none is shipped)', FuseV1Options.LoadBrowserProcessSpecificV8Snapshot, false],
    ['no extra file:// privileges (the renderer is served from app://)', FuseV1Options.GrantFileProtocolExtraPrivileges, false],
  ])('%s', (_name, option, expected) => expect(fuse(option)).toBe(expected));

  it('sets every fuse of wire V1 and demands that of future Electrons', () => {
    expect(FUSES.version).toBe(FuseVersion.V1);
    expect(FUSES.strictlyRequireAllFuses).toBe(true);
    const numeric = Object.values(FuseV1Options).filter((v): v is FuseV1Options => typeof v === 'number');
    for (const option of numeric) expect(typeof fuse(option)).toBe('boolean');
  });

  it('is the afterPack hook electron-builder.yml names', () => {
    const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { afterPack?: string; electronFuses?: unknown };
    expect(config.afterPack).toBe('./scripts/after-pack.cjs');
    // One place for the settings: electron-builder's own electronFuses option stays unused.
    expect(config.electronFuses).toBeUndefined();
    expect(typeof afterPack).toBe('function');
  });

  it("flips the binary named after linux.executableName inside the packed folder", () => {
    expect(electronBinaryPath('/dist/linux-unpacked', 'thincert')).toBe('/dist/linux-unpacked/thincert');
  });
});
