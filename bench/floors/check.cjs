/**
 * The least a `check` must do, as a whole process: the floor beside the
 * bench's whole-process `check` row (docs/bench.md). A TLS handshake that
 * verifies the server's chain against the CA and its name, and the peer's
 * certificate read. No store, no trust rules, no revocation, no report.
 * Usage: node check.cjs PORT CA_FILE; exits 0 when the server is trusted.
 */
const tls = require('node:tls');
const fs = require('node:fs');

const [port, caFile] = process.argv.slice(2);
const socket = tls.connect({ host: '127.0.0.1', port: Number(port), ca: fs.readFileSync(caFile) }, () => {
  const peer = socket.getPeerX509Certificate();
  socket.destroy();
  process.exitCode = peer && socket.authorized ? 0 : 1;
});
socket.once('error', () => {
  process.exitCode = 1;
});
