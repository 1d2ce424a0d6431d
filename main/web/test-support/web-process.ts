/**
 * The web host as it runs: main/web/server.ts bundled by esbuild (as
 * scripts/build.mjs does) into a scratch folder and started as its own
 * process on 127.0.0.1, so a test can tell "this socket was closed" from
 * "the host died".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { webHostUrl } from '../../../test/support/web-host-url';

export interface WebProcess {
  url: string;
  port: number;
  token: string;
  /** Folder served as the renderer: tests may add files to it. */
  staticDir: string;
  dataDir: string;
  /** null while the process runs. */
  exitCode(): number | null;
  /** Everything it printed, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

/** Bundles the server once per test file; returns the script to run. */
export async function bundleWebServer(scratch: string): Promise<string> {
  const script = path.join(scratch, 'web', 'server.cjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../server.ts', import.meta.url))],
    outfile: script,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
  // server.ts serves ../renderer next to its own folder.
  mkdirSync(path.join(scratch, 'renderer'), { recursive: true });
  writeFileSync(path.join(scratch, 'renderer', 'index.html'), '<!doctype html><title>ThinCert</title>');
  return script;
}

export async function startWebProcess(script: string, dataDir: string, args: string[] = []): Promise<WebProcess> {
  const child: ChildProcess = spawn(process.execPath, [script, '--port', '0', '--data-dir', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  // All it says, for a test to read after the URL (warnings, the lines of a refusal).
  let output = '';
  const keep = (chunk: Buffer) => (output += chunk.toString());
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = await webHostUrl(child);
  const parsed = new URL(url);
  return {
    url,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    staticDir: path.join(path.dirname(script), '..', 'renderer'),
    dataDir,
    exitCode: () => child.exitCode ?? (child.signalCode ? -1 : null),
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
