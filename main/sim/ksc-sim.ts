/**
 * ksc-sim (PROTOCOL.md §5): the management server side of §1–§3 over TLS,
 * for tests and demos.
 *   ksc-sim --data DIR --cert CERT.pem --key KEY.pem --port P [--host 127.0.0.1]
 * `main` is called in-process by tests and by bin/ksc-sim.ts as a script.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createRoutes } from './sim-routes';
import { dataDirOf, parseArgs, processIo, required, single, UsageError, type Io } from './sim-args';
import { ensureDataDir, loadIdentityFiles, readServerIdentity, writeServerIdentity } from './sim-files';
import { LiveState } from './sim-state';

export const KSC_SIM_USAGE = 'usage: ksc-sim --data DIR --cert CERT.pem --key KEY.pem --port P [--host 127.0.0.1]';

export interface RunningSim {
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<RunningSim> {
  const args = parseArgs(argv, { cert: 1, key: 1, port: 1, host: 1 });
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
  const dir = dataDirOf(args);
  const port = Number(required(args, 'port'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0–65535');
  const host = single(args, 'host') ?? '127.0.0.1';
  const identity = loadIdentityFiles(required(args, 'cert'), required(args, 'key'));

  ensureDataDir(dir);
  // §5: the server presents the certificate it was started with; the folder records it
  // as the current one so ksc-admin (fingerprint, replacement-code) reads the same.
  const onDisk = readServerIdentity(dir);
  if (onDisk === null || onDisk.certPem.trim() !== identity.certPem.trim() || onDisk.keyPem.trim() !== identity.keyPem.trim()) {
    await writeServerIdentity(dir, identity);
  }

  const log = (line: string) => io.err(`ksc-sim: ${line}`);
  const state = new LiveState(dir, log);
  const first = state.identity();
  const server = https.createServer({ cert: first.cert, key: first.key, keepAliveTimeout: 1000 });
  // Runs before the TLS layer wraps the socket, which is when the server's context is
  // taken: a rotation written to the folder applies to this very connection (§5).
  server.prependListener('connection', () => {
    const identity = state.identity();
    if (identity.changed) server.setSecureContext({ cert: identity.cert, key: identity.key });
  });
  const route = createRoutes(state, log);
  server.on('request', (request, response) => void route(request, response));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  io.out(`listening on https://${host}:${actual}`);
  return {
    host,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
