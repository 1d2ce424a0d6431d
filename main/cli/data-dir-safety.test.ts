/**
 * Hole 9: a data folder (or a folder inside it) that another user can change,
 * or that belongs to another user, is refused before anything is written; and
 * a link planted at a file ThinCert writes is replaced, never written through.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { OpenSsl, type IssuedCertificate } from '../core/x509/test-support/openssl';
import { thincert } from './test-support/capture';
import { createService } from '../core/create-service';

const NOBODY = 65534;
const VICTIM_TEXT = 'a file of someone else that ThinCert must never change\n';

let ssl: OpenSsl;
let root: IssuedCertificate;
let scratch: string;
let dataDir: string;
let victim: string;

beforeAll(() => {
  ssl = new OpenSsl();
  root = ssl.certificate('root', { subject: '/CN=Safety Root', key: 'ec:P-256', extensions: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign'] });
});

afterAll(() => ssl.cleanup());

beforeEach(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'thincert-safety-'));
  dataDir = path.join(scratch, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  // Outside the data folder, where a link planted inside it could point.
  mkdirSync(path.join(scratch, 'elsewhere'));
  victim = path.join(scratch, 'elsewhere', 'victim.txt');
  writeFileSync(victim, VICTIM_TEXT, { mode: 0o644 });
  return () => rmSync(scratch, { recursive: true, force: true });
});

const entries = (dir: string) => readdirSync(dir).sort();

/**
 * Every file under `dir`. Folders are left out: the audit trail makes its
 * (empty) folder before the store is asked to change, which is not ours to
 * move (see the report); no byte may be written anywhere.
 */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

describe('thincert refuses a data folder others can change', () => {
  it('refuses a 0777 data folder, names it and the fix, and writes nothing', async () => {
    chmodSync(dataDir, 0o777);
    const run = await thincert(dataDir, ['add', 'broker', root.certPath]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${dataDir} can be changed by other users (mode 0777)`);
    expect(run.stderr).toContain(`chmod go-w ${dataDir}`);
    expect(filesUnder(dataDir)).toEqual([]);
    expect(lstatSync(dataDir).mode & 0o777).toBe(0o777);
  });

  it('gives the renderer the code, folder and problem to show in its own words', async () => {
    chmodSync(dataDir, 0o775);
    const service = createService({ dataDir });
    try {
      const answer = await service.dispatch('add', { purpose: 'broker', input: { kind: 'pem', text: root.pem.toString('ascii') } }, { actor: 'ui' });
      expect(answer).toMatchObject({ ok: false, error: { code: 'data-dir-unsafe', params: { path: dataDir, problem: 'mode', mode: '0775' } } });
    } finally {
      await service.close();
    }
    expect(filesUnder(dataDir)).toEqual([]);
  });

  it('refuses a data folder that belongs to another user, and writes nothing', async () => {
    // Tests run as root; the folder is given to "nobody".
    chownSync(dataDir, NOBODY, NOBODY);
    const run = await thincert(dataDir, ['add', 'broker', root.certPath]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${dataDir} belongs to user ${NOBODY}, not to the user ThinCert runs as (0)`);
    expect(filesUnder(dataDir)).toEqual([]);
  });

  it('refuses a data folder inside a folder others can change, where it could be swapped whole', async () => {
    const shared = path.join(scratch, 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    const inner = path.join(shared, 'data');
    mkdirSync(inner, { mode: 0o700 });
    const run = await thincert(inner, ['add', 'broker', root.certPath]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${shared} can be changed by other users (mode 0777)`);
    expect(filesUnder(inner)).toEqual([]);
  });

  it('refuses a bundles folder others can change, before touching a bundle', async () => {
    expect((await thincert(dataDir, ['add', 'rdp', root.certPath])).status).toBe(0);
    chmodSync(path.join(dataDir, 'bundles'), 0o777);
    const store = readFileSync(path.join(dataDir, 'store.json'));
    const run = await thincert(dataDir, ['add', 'broker', root.certPath]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${path.join(dataDir, 'bundles')} can be changed by other users`);
    // Refused before the store changed: store.json and the bundles still agree.
    expect(readFileSync(path.join(dataDir, 'store.json'))).toEqual(store);
    expect(readFileSync(path.join(dataDir, 'bundles', 'broker.pem'), 'utf8')).toBe('');
  });

  it('refuses a bundles folder that is a link to a folder elsewhere, and writes nothing there', async () => {
    symlinkSync(path.join(scratch, 'elsewhere'), path.join(dataDir, 'bundles'));
    const run = await thincert(dataDir, ['add', 'broker', root.certPath]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${path.join(dataDir, 'bundles')} is a link, not a folder`);
    expect(entries(path.join(scratch, 'elsewhere'))).toEqual(['victim.txt']);
    // Nothing but the planted link itself: store.json was not written either.
    expect(filesUnder(dataDir)).toEqual(['bundles']);
  });
});

describe('thincert replaces a planted link instead of writing through it', () => {
  it('bundles/broker.pem linked to a file outside: the victim is unchanged, the bundle is a file', async () => {
    mkdirSync(path.join(dataDir, 'bundles'), { mode: 0o755 });
    symlinkSync(victim, path.join(dataDir, 'bundles', 'broker.pem'));
    const run = await thincert(dataDir, ['add', 'broker', root.certPath]);
    expect(run.status).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
    expect(lstatSync(victim).mode & 0o777).toBe(0o644);
    const bundle = path.join(dataDir, 'bundles', 'broker.pem');
    expect(lstatSync(bundle).isFile()).toBe(true);
    expect(readFileSync(bundle, 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
  });

  it('a link whose target already holds the wanted bundle is replaced too', async () => {
    expect((await thincert(dataDir, ['add', 'rdp', root.certPath])).status).toBe(0);
    const wanted = readFileSync(path.join(dataDir, 'bundles', 'rdp.pem'));
    writeFileSync(victim, wanted);
    rmSync(path.join(dataDir, 'bundles', 'broker.pem'));
    symlinkSync(victim, path.join(dataDir, 'bundles', 'broker.pem'));
    expect((await thincert(dataDir, ['add', 'broker', root.certPath])).status).toBe(0);
    expect(lstatSync(path.join(dataDir, 'bundles', 'broker.pem')).isFile()).toBe(true);
  });

  it('store.json linked to a file outside: the victim is unchanged', async () => {
    symlinkSync(victim, path.join(dataDir, 'store.json'));
    // The link is read as a damaged store and refused; nothing is written through it.
    await thincert(dataDir, ['add', 'broker', root.certPath]);
    expect(readFileSync(victim, 'utf8')).toBe(VICTIM_TEXT);
  });

  it('config.json linked to a file outside: config set replaces the link, the victim is unchanged', async () => {
    symlinkSync(victim, path.join(dataDir, 'config.json'));
    writeFileSync(victim, '{}\n');
    const run = await thincert(dataDir, ['config', 'set', 'expiringDays', '45']);
    expect(run.status).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('{}\n');
    expect(lstatSync(path.join(dataDir, 'config.json')).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'config.json'), 'utf8'))).toMatchObject({ expiringDays: 45 });
  });

  it('audit/audit-000001.jsonl linked to an empty file outside: no record is appended to it', async () => {
    mkdirSync(path.join(dataDir, 'audit'), { mode: 0o700 });
    writeFileSync(victim, '');
    symlinkSync(victim, path.join(dataDir, 'audit', 'audit-000001.jsonl'));
    await thincert(dataDir, ['add', 'broker', root.certPath]);
    expect(readFileSync(victim, 'utf8')).toBe('');
  });

  it('the newest audit file linked to a file without a final newline: the victim is neither cut nor set aside', async () => {
    mkdirSync(path.join(dataDir, 'audit'), { mode: 0o700 });
    writeFileSync(victim, 'first line\nno newline at the end');
    symlinkSync(victim, path.join(dataDir, 'audit', 'audit-000001.jsonl'));
    await thincert(dataDir, ['add', 'broker', root.certPath]);
    expect(readFileSync(victim, 'utf8')).toBe('first line\nno newline at the end');
    expect(entries(path.join(dataDir, 'audit')).filter((name) => name.startsWith('damaged-tail-'))).toEqual([]);
  });
});

describe('a refused data folder gains nothing, not even a folder', () => {
  it('a 0777 data folder: no audit/ folder is made', async () => {
    chmodSync(dataDir, 0o777);
    expect((await thincert(dataDir, ['add', 'broker', root.certPath])).status).toBe(1);
    expect(entries(dataDir)).toEqual([]);
  });
});

describe('files are read on the calling thread, so nothing planted may block a read (issue 14)', () => {
  it('a FIFO at store.json: refused at once with a short error, nothing written', async () => {
    execFileSync('mkfifo', ['-m', '600', path.join(dataDir, 'store.json')]);
    const run = await thincert(dataDir, ['list']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^thincert: Could not read .*store\.json: not a regular file\.\n$/);
    expect(entries(dataDir)).toEqual(['store.json']);
  }, 10_000);
});
