#!/usr/bin/env node
// `npm start`: the kiosk on Electron where an Electron binary exists
// (ELECTRON_OVERRIDE_DIST_PATH, or one Electron downloaded itself), otherwise
// the web host, saying why and where to open it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const passThrough = process.argv.slice(2);

const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-built.mjs')], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

function electronBinary() {
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (dist && existsSync(path.join(dist, 'electron'))) return path.join(dist, 'electron');
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (existsSync(pathFile)) {
    const candidate = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

const electron = electronBinary();
const child = electron
  ? spawn(electron, [path.join(root, 'out', 'main', 'electron.cjs'), '--windowed', ...passThrough], { stdio: 'inherit' })
  : (console.log(
      'ThinCert: no Electron binary here (set ELECTRON_OVERRIDE_DIST_PATH to an Electron 45 folder to use one); starting the web host instead. Open the address below in a browser:',
    ),
    spawn(process.execPath, [path.join(root, 'out', 'web', 'server.cjs'), ...passThrough], { stdio: 'inherit' }));
const forward = (signal) => () => child.kill(signal);
process.on('SIGINT', forward('SIGINT'));
process.on('SIGTERM', forward('SIGTERM'));
child.on('exit', (code) => process.exit(code ?? 0));
