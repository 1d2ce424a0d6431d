import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { fingerprintOf } from './fixtures';

const run = promisify(execFile);

/** How many certificates OpenSSL itself finds in a CA file, as the programs using it would. */
export async function opensslCount(path: string): Promise<number> {
  const { stdout } = await run('openssl', ['storeutl', '-noout', '-certs', path]);
  const total = /Total found: (\d+)/.exec(stdout);
  if (total?.[1] === undefined) throw new Error(`openssl storeutl said: ${stdout}`);
  return Number(total[1]);
}

/** The fingerprints in a PEM bundle, in file order. */
export async function bundleFingerprints(path: string): Promise<string[]> {
  const text = await readFile(path, 'ascii');
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n/g) ?? [];
  return blocks.map((pem) => fingerprintOf(new X509Certificate(pem).raw));
}
