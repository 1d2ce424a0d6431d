// electron-builder afterPack hook (referenced from electron-builder.yml):
// flips Electron's fuses in the packed binary before it is wrapped into the
// AppImage (issue 9). The settings live here, in FUSES, and nowhere else; a
// unit test (test/fuses.test.ts) proves them and `npm run test:packaged`
// reads them back from a packed binary. CommonJS because electron-builder
// loads hooks with require(), without a TypeScript step.
'use strict';
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/**
 * Every fuse of wire V1 set explicitly (strictlyRequireAllFuses): a future
 * Electron that adds a fuse fails the packaging until someone decides it.
 */
const FUSES = {
  version: FuseVersion.V1,
  strictlyRequireAllFuses: true,
  // With RunAsNode on, ELECTRON_RUN_AS_NODE=1 turns the signed kiosk binary
  // into a plain Node that runs any script; the CLI is `--cli` instead.
  [FuseV1Options.RunAsNode]: false,
  // Encrypts the session's cookies at rest with the OS key store (or
  // Chromium's fallback key where the kiosk has none); ThinCert sets no
  // cookies, so this only removes a plaintext store.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS (--require, --inspect …) would let the environment inject
  // code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect / --inspect-brk would open a debugger port on the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // Checks app.asar against the hash electron-builder embeds. Electron
  // enforces it on macOS and Windows only today; on Linux it is inert, kept
  // on so the packaged app gains it when Electron adds Linux support.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Without it Electron would also look for an app/ folder or default_app
  // next to app.asar, which bypasses the asar (and its integrity check).
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // ThinCert ships no browser-process-specific V8 snapshot; on would make
  // Electron look for browser_v8_context_snapshot.bin.
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The renderer is served from app://, never file://, so file:// pages need
  // none of Electron's legacy extra privileges (Electron's own advice).
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/** The Electron executable inside an unpacked Linux app folder. */
function electronBinaryPath(appOutDir, executableName) {
  return path.join(appOutDir, executableName);
}

/** @param {import('app-builder-lib').AfterPackContext} context */
async function afterPack(context) {
  if (context.electronPlatformName !== 'linux') {
    throw new Error(`after-pack: ThinCert packages Linux only, not ${context.electronPlatformName}`);
  }
  const binary = electronBinaryPath(context.appOutDir, context.packager.executableName);
  await flipFuses(binary, FUSES);
}

module.exports = { afterPack, FUSES, electronBinaryPath };
