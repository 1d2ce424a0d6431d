/**
 * The script entries as the lead ships them: bin/*.ts bundled by esbuild to
 * CommonJS and run as separate processes (PROTOCOL.md §5), talking through the
 * data folder only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManagementClient } from '../core/management/client';
import { openCertStore } from '../core/store/cert-store';
import { systemClock } from '../core/clock';
import { makeCert, tempDir } from './test-support/fixtures';

let out: string;
let sim: ChildProcess | null = null;

beforeAll(async () => {
  out = tempDir('sim-bundle');
  await build({
    entryPoints: { 'ksc-sim': join(__dirname, 'bin', 'ksc-sim.ts'), 'ksc-admin': join(__dirname, 'bin', 'ksc-admin.ts') },
    outdir: out,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
});

afterAll(() => {
  if (sim?.pid !== undefined && sim.exitCode === null) sim.kill('SIGTERM');
});

function startSim(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    sim = spawn(process.execPath, [join(out, 'ksc-sim.cjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    sim.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /listening on https:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (match?.[1] !== undefined) resolve(Number(match[1]));
    });
    sim.once('exit', (code) => reject(new Error(`ksc-sim exited with ${code}`)));
  });
}

function admin(...args: string[]) {
  const result = spawnSync(process.execPath, [join(out, 'ksc-admin.cjs'), ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
}

describe('bundled ksc-sim and ksc-admin', () => {
  it('serve, enroll a device and take a rotation without a restart', async () => {
    const certs = tempDir('bin-certs');
    const data = tempDir('bin-sim');
    const first = makeCert(certs, 'ksc.example.test');
    const port = await startSim(['--data', data, '--cert', first.cert, '--key', first.key, '--port', '0']);

    expect(admin('--data', data, 'fingerprint')).toMatchObject({ status: 0, stdout: first.fingerprint });

    const dataDir = tempDir('bin-client');
    const client = new ManagementClient({ dataDir, store: openCertStore(dataDir), clock: systemClock });
    const status = await client.enroll({ host: '127.0.0.1', port, acceptFingerprint: first.fingerprint, deviceId: 'tc-bin' });
    expect(status.state).toBe('ok');
    expect(admin('devices', '--data', data).stdout).toMatch(/^tc-bin\t/);

    const second = makeCert(certs, 'ksc2.example.test');
    expect(admin('rotate', '--cert', second.cert, '--key', second.key, '--data', data).status).toBe(0);
    const preview = await client.previewServer({ host: '127.0.0.1', port });
    expect(preview.fingerprint).toBe(second.fingerprint);

    expect(admin('frobnicate', '--data', data).status).toBe(2);
    expect(admin('replacement-code', '--device', 'tc-bin', '--confirmation', '1234-5678', '--data', data).status).not.toBe(0);
  });

  it('refuses to start without its arguments (usage, exit 2)', () => {
    const result = spawnSync(process.execPath, [join(out, 'ksc-sim.cjs'), '--port', '0'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('usage: ksc-sim');
  });
});
