/**
 * Delivers the audit trail to the log server over syslog-TLS (RFC 5425),
 * at least once: the cursor (last sequence number written to a drained
 * socket) is persisted only after the server's TCP stack took the bytes, so
 * a crash or an outage repeats records but never skips one. The server is
 * judged by the `logServer` trust rules, through the same engine as `check`;
 * an untrusted or unreachable server gets nothing. A server that asks for a
 * client certificate is shown this device's identity (issue 17), read afresh
 * for each connection so a renewal is used at once; a delivery counts only
 * when the server closed the connection after reading it (a server that
 * refuses the device hangs up right after the handshake, when the first
 * records may already sit in the socket).
 */
import tls from 'node:tls';
import { ThinCertError } from '../errors';
import { checkServer } from '../trust/check';
import { sniFor, unbracket } from '../probes/address';
import { parseHostPort } from '../settings/settings';
import { readDelivery, saveDelivery, type DeliveryDeps } from './delivery-state';
import { frameOctetCounted, formatSyslogMessage, syslogHostname } from './syslog';
import { readClientIdentity, type ClientIdentity } from '../connect/client-identity';

const BATCH = 500;

/** Sends every record after the cursor; returns how many went. Throws with the reason when it cannot. */
export async function sendBacklog(deps: DeliveryDeps, server: string | null): Promise<{ sent: number; server: string; waiting: number }> {
  if (server === null) throw new ThinCertError('no-log-server', 'No log server is set: thincert config set logServer HOST:PORT.');
  const address = parseHostPort(server);
  if (!address) throw new ThinCertError('log-server-invalid', `The log server address '${server}' is not HOST:PORT.`);
  const saved = await readDelivery(deps.dataDir);
  // A new server gets the whole trail: it has none of it.
  const from = saved.server === server ? saved.lastSent : 0;
  const attempt = deps.clock.now().toISOString();
  const fail = async (state: 'untrusted' | 'unreachable', message: string): Promise<never> => {
    await saveDelivery(deps.dataDir, { server, state, lastSent: from, lastAttempt: attempt, lastError: message });
    throw new ThinCertError(state === 'untrusted' ? 'log-server-untrusted' : 'log-server-unreachable', message, { server });
  };

  const verdict = await checkServer(
    { purpose: 'logServer', host: address.host, port: address.port, ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}) },
    { ...(await deps.trust()), clock: deps.clock },
  );
  if (!verdict.trusted) {
    const why = verdict.reasons.map((r) => r.message).join(' ');
    if (verdict.chain.length === 0) return fail('unreachable', `The log server ${server} cannot be reached: ${why}`);
    return fail('untrusted', `The log server ${server} is not trusted, nothing was sent: ${why}`);
  }
  const leaf = verdict.chain[0]?.fingerprint ?? '';

  const records = await deps.audit.read(from);
  if (records.length === 0) {
    await saveDelivery(deps.dataDir, { server, state: 'ok', lastSent: from, lastAttempt: attempt, lastError: null });
    return { sent: 0, server, waiting: 0 };
  }
  const hostname = syslogHostname();
  const deviceId = await deps.deviceId();
  let lastSent = from;
  let sent = 0;
  const identity = await readClientIdentity(deps.dataDir, deps.clock.now());
  try {
    await withTrustedSocket(address, leaf, identity, deps.timeoutMs ?? 10_000, async (write) => {
      for (let i = 0; i < records.length; i += BATCH) {
        const batch = records.slice(i, i + BATCH);
        await write(batch.map((r) => frameOctetCounted(formatSyslogMessage(r, hostname, deviceId))).join(''));
        lastSent = (batch[batch.length - 1] as { seq: number }).seq;
        sent += batch.length;
        await saveDelivery(deps.dataDir, { server, state: 'waiting', lastSent, lastAttempt: attempt, lastError: null });
      }
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail('unreachable', `Sending to the log server ${server} stopped after ${sent} records: ${message}`);
  }
  await saveDelivery(deps.dataDir, { server, state: 'ok', lastSent, lastAttempt: attempt, lastError: null });
  return { sent, server, waiting: 0 };
}

/**
 * A TLS connection that carries records only when the server presents the
 * very leaf the trust engine just judged (its SHA-256), checked before the
 * first byte is written. It succeeds only on a clean close: we end, then the
 * server ends after reading everything (rsyslog does); a reset, or a server
 * that hung up first, fails it. A failure is reported only once `use` has
 * settled, so no cursor it is saving lands after the caller's rollback.
 */
function withTrustedSocket(
  address: { host: string; port: number },
  leafFingerprint: string,
  identity: ClientIdentity | null,
  timeoutMs: number,
  use: (write: (text: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const noIdentity = "the server may require this device's certificate, and this device has none";
  return new Promise((resolve, reject) => {
    const servername = sniFor(address.host);
    const socket = tls.connect({
      host: unbracket(address.host),
      port: address.port,
      ...(servername ? { servername } : {}),
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      // Sent only when the server asks for a client certificate.
      ...(identity ? { cert: identity.cert, key: identity.key } : {}),
    });
    let failure: Error | null = null;
    let using: Promise<void> | null = null;
    let ending = false;
    let serverHungUp = false;
    const fail = (error: Error): void => {
      if (failure !== null) return;
      failure = error;
      socket.destroy();
      // The writer's next write fails at once; wait for it so its last cursor save is behind us.
      if (using === null) reject(error);
      else using.then(() => reject(error), () => reject(error));
    };
    socket.setTimeout(timeoutMs, () => fail(new Error('timed out')));
    socket.on('end', () => {
      if (!ending) serverHungUp = true;
    });
    // Kept for the socket's life: a second error (a reset after a failed write) must not go unhandled.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      fail(!identity && error.code === 'ECONNRESET' ? new Error(`${error.message}; ${noIdentity}`) : error);
    });
    socket.once('secureConnect', () => {
      const presented = socket.getPeerCertificate().fingerprint256;
      if (presented !== leafFingerprint) {
        fail(new Error('the server presented another certificate than the one just checked'));
        return;
      }
      const write = (text: string) =>
        new Promise<void>((done, failed) => {
          socket.write(text, (error) => (error ? failed(error) : done()));
        });
      using = use(write).then(() => {
        if (failure !== null) return;
        ending = true;
        socket.once('close', (hadError) => {
          if (hadError || failure !== null) return; // fail() has answered
          if (serverHungUp) fail(new Error(`the server closed the connection before reading the records${identity ? '' : `; ${noIdentity}`}`));
          else resolve();
        });
        socket.end();
      });
      using.catch((error: unknown) => fail(error instanceof Error ? error : new Error(String(error))));
    });
  });
}
