// Makes the V8 code caches of the built CLI and web host at build time (issue
// 14; main/code-cache/code-cache.ts): each bundle is run through a trainer
// (main/code-cache/train.ts) doing what it does first in real use, in a
// scratch data folder, and the code it compiled is kept beside the bundle.
// The CLI runs a few commands against a TLS server of its own on 127.0.0.1;
// the web host serves its page, assets and first calls to a client here on
// 127.0.0.1. Nothing leaves loopback and nothing is written outside the
// scratch folder and the bundle's own folder. A failed training leaves no
// cache: the program then compiles from source as before, it never fails for
// want of a cache.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import forge from 'node-forge';
import { WebSocket } from 'ws';
import { asciiOnlyBundle } from './ascii-bundle.mjs';

const DAY_MS = 86_400_000;

/**
 * Throw-away self-signed certificates for 127.0.0.1 made in memory, one per
 * `days` (how long each stays valid), all on one key: a few distinct
 * certificates for the store cost one key generation.
 */
function trainingCertificates(days) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const certificates = days.map((validDays, index) => {
    const cert = forge.pki.createCertificate();
    cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
    cert.serialNumber = (index + 1).toString(16).padStart(2, '0');
    cert.validity.notBefore = new Date(Date.now() - DAY_MS);
    cert.validity.notAfter = new Date(Date.now() + validDays * DAY_MS);
    const name = [{ name: 'commonName', value: `ThinCert code cache training ${index + 1}` }];
    cert.setSubject(name);
    cert.setIssuer(name);
    cert.setExtensions([
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ]);
    cert.sign(forge.pki.privateKeyFromPem(privateKey), forge.md.sha256.create());
    return forge.pki.certificateToPem(cert);
  });
  return { certificates, keyPem: privateKey };
}

const TRAINING_ENV = { ...process.env, THINCERT_DATA_DIR: '', THINCERT_CODE_CACHE_REPORT: '' };

function run(node, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { stdio: ['ignore', 'ignore', 'pipe'], env: TRAINING_ENV });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

function removeCaches(bundle) {
  const folder = path.dirname(bundle);
  for (const name of readdirSync(folder)) if (name.startsWith(`${path.basename(bundle)}.v8-`)) rmSync(path.join(folder, name), { force: true });
}

function hasCache(bundle) {
  return readdirSync(path.dirname(bundle)).some((name) => name.startsWith(`${path.basename(bundle)}.v8-`) && name.endsWith('.cache'));
}

/**
 * Runs `session(trainer, work)` to train `bundle`'s cache; `what` names the
 * program in the warning. Old caches beside the bundle are removed first, so
 * a failure here never leaves one made from another build.
 */
async function trainCodeCache(bundle, what, session) {
  removeCaches(bundle);
  // Before training: the cache is made from, and names, the bundle as it will be read.
  asciiOnlyBundle(bundle);
  const work = mkdtempSync(path.join(os.tmpdir(), 'thincert-code-cache-'));
  const trainer = path.join(work, 'train.cjs');
  try {
    await build({
      entryPoints: [path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'main', 'code-cache', 'train.ts')],
      outfile: trainer,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'warning',
    });
    await session(trainer, work);
    if (!hasCache(bundle)) throw new Error('the training run wrote no cache');
  } catch (error) {
    removeCaches(bundle);
    console.warn(`thincert: no code cache for the ${what} (${error instanceof Error ? error.message : String(error)}); it still runs, only slower to start.`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** `bundle`: out/cli/thincert-cli.cjs. */
export async function makeCliCodeCache(bundle) {
  await trainCodeCache(bundle, 'CLI', async (trainer, work) => {
    const {
      certificates: [certPem],
      keyPem,
    } = trainingCertificates([30]);
    const certFile = path.join(work, 'training.pem');
    writeFileSync(certFile, certPem);
    const server = tls.createServer({ key: keyPem, cert: certPem }, (socket) => socket.end());
    server.on('tlsClientError', () => undefined);
    try {
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
    } finally {
      server.close();
    }
  });
}

const URL_TIMEOUT_MS = 60_000;

/** The web host's printed address (with its token), or a rejection when it exits or stays silent first. */
function printedUrl(child) {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the web host printed no address in ${URL_TIMEOUT_MS / 1000} s: ${output.slice(0, 400)}`)), URL_TIMEOUT_MS);
    const read = (chunk) => {
      output += chunk;
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(new URL(match[0]));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the web host exited (${signal ?? code}) before it answered: ${output.slice(0, 400)}`));
    });
  });
}

/** The page as a browser loads it: index.html with the token, then every asset it names with the cookie it was given. */
async function loadPage(url) {
  const page = await fetch(url);
  if (!page.ok) throw new Error(`the page answered ${page.status}`);
  const html = await page.text();
  const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
  const assets = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]);
  for (const asset of assets) {
    const answer = await fetch(new URL(asset, url.origin), { headers: { cookie } });
    if (!answer.ok) throw new Error(`${asset} answered ${answer.status}`);
    await answer.arrayBuffer();
  }
}

/** Opens the page's WebSocket and makes its calls one after another, as the home and list screens do. */
async function callAsPage(url, calls) {
  const socket = new WebSocket(`ws://${url.host}/ws?token=${encodeURIComponent(url.searchParams.get('token') ?? '')}`, { origin: url.origin });
  try {
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    let id = 0;
    for (const [channel, payload] of calls) {
      id += 1;
      const wanted = id;
      const result = await new Promise((resolve, reject) => {
        const onMessage = (data) => {
          const message = JSON.parse(data.toString());
          if (message.type !== 'result' || message.id !== wanted) return;
          socket.off('message', onMessage);
          resolve(message.result);
        };
        socket.on('message', onMessage);
        socket.once('close', () => reject(new Error(`the socket closed during ${channel}`)));
        socket.send(JSON.stringify({ type: 'invoke', id: wanted, channel, payload }));
      });
      if (result?.ok !== true) throw new Error(`${channel} answered ${JSON.stringify(result).slice(0, 200)}`);
    }
  } finally {
    socket.close();
  }
}

/**
 * `bundle`: out/web/thincert-web.cjs; `cli`: the built CLI (out/cli/thincert.cjs),
 * which fills the scratch store first. The renderer must be built beside it
 * (out/renderer): the host refuses to start without its page.
 */
export async function makeWebCodeCache(bundle, { cli }) {
  await trainCodeCache(bundle, 'web host', async (trainer, work) => {
    const data = path.join(work, 'data');
    const { certificates } = trainingCertificates([400, 300, 200, 20, 10]);
    const files = { broker: certificates.slice(0, 3), rdp: certificates.slice(3) };
    for (const [purpose, pems] of Object.entries(files)) {
      const file = path.join(work, `${purpose}.pem`);
      writeFileSync(file, pems.join(''));
      const { code, stderr } = await run(process.execPath, [cli, '--data-dir', data, 'add', purpose, file]);
      if (code !== 0) throw new Error(`thincert add ${purpose} exited ${code}: ${stderr.slice(0, 400)}`);
    }
    const host = spawn(process.execPath, [trainer, bundle, '--port', '0', '--data-dir', data], { stdio: ['ignore', 'pipe', 'pipe'], env: TRAINING_ENV });
    const exited = new Promise((resolve) => host.once('exit', (code, signal) => resolve(signal ?? code)));
    try {
      const url = await printedUrl(host);
      await loadPage(url);
      // The home screen's status, then a list screen's first screenful and the rest (renderer/stores).
      await callAsPage(url, [
        ['status', {}],
        ['list', { purpose: 'rdp', limit: 20 }],
        ['list', { purpose: 'rdp', offset: 2 }],
        ['list', { purpose: 'broker' }],
      ]);
      // SIGTERM stops it as the kiosk does: the host closes and exits, and the cache is written at exit.
      host.kill('SIGTERM');
      const status = await exited;
      if (status !== 0) throw new Error(`the web host stopped with ${status}`);
    } finally {
      // A host that never answered is killed hard: it writes nothing, and the missing cache is reported.
      if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
      await exited;
    }
  });
}
