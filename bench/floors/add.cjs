/**
 * The least a durable `add` must do, as a whole process: the floor beside the
 * bench's `add` row (docs/bench.md). Parse the certificate, take the data
 * folder's lock, write the store, the purpose's trust bundle and an audit
 * record each durably, release the lock. No checks, no trust rules, no
 * refusals: what is left of ThinCert's add when all of that is taken away.
 * Usage: node add.cjs DATA_DIR PEM_FILE
 */
const { X509Certificate } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const [dir, pemFile] = process.argv.slice(2);
const pem = fs.readFileSync(pemFile, 'utf8');
const cert = new X509Certificate(pem);

function durable(file, text) {
  const temp = `${file}.tmp`;
  const fd = fs.openSync(temp, 'w', 0o600);
  fs.writeSync(fd, text);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(temp, file);
}

fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
const lock = path.join(dir, '.lock');
fs.mkdirSync(lock);
try {
  durable(path.join(dir, 'store.json'), JSON.stringify({ certificates: [{ fingerprint: cert.fingerprint256, purposes: ['rdp'], pem }] }));
  durable(path.join(dir, 'rdp.pem'), pem);
  const audit = fs.openSync(path.join(dir, 'audit.jsonl'), 'a', 0o600);
  fs.writeSync(audit, `${JSON.stringify({ action: 'add', purpose: 'rdp', fingerprint: cert.fingerprint256, at: new Date().toISOString() })}\n`);
  fs.fsyncSync(audit);
  fs.closeSync(audit);
  const folder = fs.openSync(dir, 'r');
  fs.fsyncSync(folder);
  fs.closeSync(folder);
} finally {
  fs.rmdirSync(lock);
}
