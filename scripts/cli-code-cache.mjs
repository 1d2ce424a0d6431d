// Makes the CLI's V8 code cache at build time (issue 14; main/cli/code-cache.ts):
// the built CLI runs a few commands in a scratch data folder, against a TLS
// server of its own on 127.0.0.1, and the code they compiled is kept beside
// the bundle. Nothing leaves loopback and nothing is written outside the
// scratch folder and out/cli. A failed training leaves no cache: the CLI then
// compiles from source as before, it never fails for want of a cache.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import forge from 'node-forge';
import { asciiOnlyBundle } from './ascii-bundle.mjs';

/** A throw-away self-signed certificate for 127.0.0.1 and its key, made in memory. */
function trainingCertificate() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 30 * 86_400_000);
  const name = [{ name: 'commonName', value: 'ThinCert code cache training' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey };
}

function run(node, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, THINCERT_DATA_DIR: '' } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

/**
 * `bundle`: out/cli/thincert-cli.cjs. Old caches beside it are removed first,
 * so a failure here never leaves one made from another build.
 */
export async function makeCliCodeCache(bundle) {
  const folder = path.dirname(bundle);
  for (const name of readdirSync(folder)) if (name.startsWith(`${path.basename(bundle)}.v8-`)) rmSync(path.join(folder, name), { force: true });
  // Before training: the cache is made from, and names, the bundle as it will be read.
  asciiOnlyBundle(bundle);
  const work = mkdtempSync(path.join(os.tmpdir(), 'thincert-code-cache-'));
  const trainer = path.join(work, 'code-cache-train.cjs');
  let server;
  try {
    await build({
      entryPoints: [path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'main', 'cli', 'code-cache-train.ts')],
      outfile: trainer,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
    });
    const { certPem, keyPem } = trainingCertificate();
    const certFile = path.join(work, 'training.pem');
    writeFileSync(certFile, certPem);
    server = tls.createServer({ key: keyPem, cert: certPem }, (socket) => socket.end());
    server.on('tlsClientError', () => undefined);
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const at = `127.0.0.1:${server.address().port}`;
    const data = path.join(work, 'data');
    // The commands whose start-up the bench measures first (add, check), then the everyday ones.
    const commands = [
      ['add', 'broker', certFile],
      ['check', 'broker', at],
      ['list'],
      ['status'],
      ['verify', 'broker', certFile, '--name', '127.0.0.1'],
      ['--help'],
    ];
    for (const args of commands) {
      const { code, stderr } = await run(process.execPath, [trainer, bundle, '--data-dir', data, ...args]);
      // Refusals (exit 1, 3) still train; a crash means the cache may be bad.
      if (code !== 0 && code !== 1 && code !== 3) throw new Error(`thincert ${args.join(' ')} exited ${code}: ${stderr.slice(0, 400)}`);
    }
  } catch (error) {
    for (const name of readdirSync(folder)) if (name.startsWith(`${path.basename(bundle)}.v8-`)) rmSync(path.join(folder, name), { force: true });
    console.warn(`thincert: no code cache for the CLI (${error instanceof Error ? error.message : String(error)}); it still runs, only slower to start.`);
  } finally {
    server?.close();
    rmSync(work, { recursive: true, force: true });
  }
}
