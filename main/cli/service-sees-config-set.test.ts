/**
 * Issue 14: the Service keeps settings and managed mode while config.json and
 * management/state.json keep their identity. A change made by another process
 * (the CLI's `config set`, the policy sync writing state.json) must still be
 * what the very next call of a long-running Service sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleCli } from './test-support/bundle-cli';
import { createService } from '../core/create-service';
import type { Service } from '../core/service';
import { emptyRecord, managementDir, STATE_FILE } from '../core/management/state';

let scratch: string;
let dataDir: string;
let cli: string;
let service: Service;

/** Another process: the CLI as it ships, run with node. */
function otherProcess(args: string[]): string {
  return execFileSync(process.execPath, [cli, ...args], { env: { ...process.env, THINCERT_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 60_000 });
}

/** Another process writing state.json the way every write is made: a new file renamed into place. */
function otherProcessWritesRecord(record: unknown): void {
  const target = path.join(managementDir(dataDir), STATE_FILE);
  const script = `const fs=require('fs');fs.mkdirSync(process.argv[1],{recursive:true,mode:0o700});fs.writeFileSync(process.argv[2]+'.tmp',process.argv[3],{mode:0o600});fs.renameSync(process.argv[2]+'.tmp',process.argv[2]);`;
  execFileSync(process.execPath, ['-e', script, managementDir(dataDir), target, JSON.stringify(record)], { timeout: 60_000 });
}

type SettingsView = { expiringDays: number; logServer: string | null; managedKeys: string[] };
const answer = (): Promise<unknown> => service.dispatch('settings', {}, { actor: 'ui' });
async function settings(): Promise<SettingsView> {
  const result = (await answer()) as { ok: true; value: SettingsView } | { ok: false; error: unknown };
  if (!result.ok) throw new Error(`settings refused: ${JSON.stringify(result.error)}`);
  return result.value;
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-state-'));
  dataDir = path.join(scratch, 'data');
  cli = await bundleCli(path.join(scratch, 'cli.cjs'));
  service = createService({ dataDir, mediaDirs: [path.join(scratch, 'media')] });
}, 120_000);

afterAll(async () => {
  await service?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('settings and managed mode seen by the next call', () => {
  it("sees another process's config set at the next call, each time", async () => {
    expect((await settings()).expiringDays).toBe(30);
    expect((await settings()).expiringDays).toBe(30);
    otherProcess(['config', 'set', 'expiringDays', '45']);
    expect((await settings()).expiringDays).toBe(45);
    // Same size as the last value: the new file's identity still differs.
    otherProcess(['config', 'set', 'expiringDays', '46']);
    expect((await settings()).expiringDays).toBe(46);
    otherProcess(['config', 'set', 'logServer', 'logs.example.org:6514']);
    expect(await settings()).toMatchObject({ expiringDays: 46, logServer: 'logs.example.org:6514' });
  }, 120_000);

  it('sees a policy another process wrote, and its removal, at the next call', async () => {
    const policy = { version: 1, revision: 3, managed: true, adminContact: { name: 'IT desk', phone: '100', email: 'it@example.org' }, certificates: [], logServer: 'policy-logs.example.org:6514' };
    otherProcessWritesRecord({ ...emptyRecord(), policy });
    expect(await settings()).toMatchObject({ logServer: 'policy-logs.example.org:6514', managedKeys: ['logServer'] });
    otherProcessWritesRecord(emptyRecord());
    expect(await settings()).toMatchObject({ logServer: 'logs.example.org:6514', managedKeys: [] });
  }, 120_000);

  it('reports a settings file damaged by another process, and reads it again once fixed', async () => {
    otherProcessWritesRecord(emptyRecord());
    const file = path.join(dataDir, 'config.json');
    const replace = (text: string) => {
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
    };
    replace('{ not json');
    expect(await answer()).toMatchObject({ ok: false, error: { code: 'config-damaged' } });
    // A failed read is not kept: the same damaged file is refused again, not served from before.
    expect(await answer()).toMatchObject({ ok: false, error: { code: 'config-damaged' } });
    replace('{ "expiringDays": 12 }');
    expect((await settings()).expiringDays).toBe(12);
  }, 120_000);
});
