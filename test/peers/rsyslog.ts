/**
 * rsyslogd in the foreground receiving syslog over TLS (RFC 5425) with the
 * gtls driver, writing every received message to a file in its temp folder
 * (the audit issue reads that file). The daemon can be halted and started
 * again on the same port with the same file, so an outage of the log server
 * can be played without losing what it had already received.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditRecord } from '../../main/core/audit/record';
import { freePort } from './ports';
import { spawnPeer, type PeerProcess } from './process';

export interface RsyslogPeer {
  port: number;
  /**
   * Every received message, one per line, as the template `MESSAGE_TEMPLATE`
   * writes it: APP-NAME, MSGID, STRUCTURED-DATA and MSG as rsyslog parsed
   * them (RFC 5424), so a test sees what the server understood.
   */
  messagesPath: string;
  /** Stops the daemon (SIGTERM: it flushes its queue) and keeps its port and file. */
  halt(): Promise<void>;
  /** Starts the daemon again on the same port, appending to the same file. */
  restart(): Promise<void>;
  /** Stops the daemon and removes its folder. */
  stop(): Promise<void>;
}

const RSYSLOGD = '/usr/sbin/rsyslogd';

/** `%app-name% %msgid% %structured-data% %msg%`, one message per line. */
export const MESSAGE_TEMPLATE = '%app-name% %msgid% %structured-data% %msg%\\n';

export interface RsyslogOptions {
  caPath: string;
  certificatePath: string;
  keyPath: string;
  /**
   * Issue 17: a log server that accepts only devices with a certificate
   * issued under this CA file (gtls `x509/certvalid`); a sender without one
   * is dropped right after the handshake, its records unread.
   */
  clientCaPath?: string;
}

export async function startRsyslog(options: RsyslogOptions): Promise<RsyslogPeer> {
  const dir = mkdtempSync(join(tmpdir(), 'thincert-rsyslog-'));
  const port = await freePort();
  const conf = join(dir, 'rsyslog.conf');
  const messagesPath = join(dir, 'messages.log');
  writeFileSync(
    conf,
    `global(
  workDirectory="${dir}"
  DefaultNetstreamDriver="gtls"
  DefaultNetstreamDriverCAFile="${options.caPath}"
  DefaultNetstreamDriverCertFile="${options.certificatePath}"
  DefaultNetstreamDriverKeyFile="${options.keyPath}"
)
template(name="received" type="string" string="${MESSAGE_TEMPLATE}")
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.Authmode="anon")
input(type="imtcp" port="${port}" address="127.0.0.1"${options.clientCaPath ? ` streamDriver.authMode="x509/certvalid" streamDriver.CAFile="${options.clientCaPath}"` : ''})
*.* action(type="omfile" file="${messagesPath}" template="received")
`,
  );
  const start = (): Promise<PeerProcess> =>
    spawnPeer({
      binary: RSYSLOGD,
      args: ['-n', '-f', conf, '-i', join(dir, 'rsyslogd.pid')],
      aptPackage: 'rsyslog rsyslog-gnutls',
      ports: [port],
      logFiles: [],
    });
  let peer: PeerProcess | null = await start();
  const halt = async (): Promise<void> => {
    await peer?.stop();
    peer = null;
  };
  return {
    port,
    messagesPath,
    halt,
    restart: async () => {
      await halt();
      peer = await start();
    },
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ReceivedMessage {
  appName: string;
  msgId: string;
  /** STRUCTURED-DATA as rsyslog parsed it, `-` when there was none. */
  structuredData: string;
  message: string;
}

/** What rsyslog wrote so far (its own start and stop notices included), oldest first. */
export function receivedMessages(messagesPath: string): ReceivedMessage[] {
  if (!existsSync(messagesPath)) return [];
  const received: ReceivedMessage[] = [];
  for (const line of readFileSync(messagesPath, 'utf8').split('\n')) {
    // SD-PARAM values escape `"`, `\` and `]` with a backslash (RFC 5424 §6.3.3).
    const match = /^(\S+) (\S+) (-|(?:\[(?:[^\]\\]|\\.)*\])+) ?(.*)$/.exec(line);
    if (match) received.push({ appName: match[1] ?? '', msgId: match[2] ?? '', structuredData: match[3] ?? '', message: match[4] ?? '' });
  }
  return received;
}

/** ThinCert's audit records among what rsyslog received (issue 10 tests). */
export interface ReceivedRecord {
  /** MSGID and the SD-PARAMs as rsyslog parsed them (RFC 5424 §6.2.7, §6.3). */
  msgId: string;
  sd: { seq: number; event: string; actor: string };
  record: AuditRecord;
}

export function receivedRecords(messagesPath: string): ReceivedRecord[] {
  return receivedMessages(messagesPath)
    .filter((m) => m.appName === 'thincert')
    .map((m) => {
      const param = (name: string) => new RegExp(`\\[thincert@32473 [^\\]]*\\b${name}="([^"]*)"`).exec(m.structuredData)?.[1] ?? '';
      // The MSG is the record as it stands in the device's log; it is JSON written by the forwarder.
      return { msgId: m.msgId, sd: { seq: Number(param('seq')), event: param('event'), actor: param('actor') }, record: JSON.parse(m.message) as AuditRecord };
    });
}

/** Waits until the server has written what `done` looks for; rsyslog writes its file asynchronously. */
export async function waitForRecords(messagesPath: string, done: (records: ReceivedRecord[]) => boolean, timeoutMs = 15_000): Promise<ReceivedRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = receivedRecords(messagesPath);
    if (done(records) || Date.now() > deadline) return records;
    await sleep(50);
  }
}

/** Every seq from 1 to `last` present? */
export function covers(records: ReceivedRecord[], last: number): boolean {
  const seen = new Set(records.map((r) => r.sd.seq));
  for (let seq = 1; seq <= last; seq++) if (!seen.has(seq)) return false;
  return true;
}
