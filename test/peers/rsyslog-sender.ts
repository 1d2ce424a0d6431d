/**
 * The thin client's own rsyslogd for the tests: it takes lines on a plain TCP
 * input on 127.0.0.1 (where `logger -T` writes them) and forwards them with
 * nothing but the included snippet. The main config sets no TLS globals, so
 * whatever TLS the forwarding does comes from the snippet alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { spawnPeer } from './process';

export interface RsyslogSender {
  /** Sends one line as `logger` does on the device. */
  log(tag: string, message: string): void;
  stop(): Promise<void>;
}

const RSYSLOGD = '/usr/sbin/rsyslogd';

export function senderConfig(dir: string, inputPort: number, snippetPath: string): string {
  const conf = join(dir, 'rsyslog.conf');
  writeFileSync(
    conf,
    `global(workDirectory="${dir}")
module(load="imtcp")
input(type="imtcp" port="${inputPort}" address="127.0.0.1")
include(file="${snippetPath}")
`,
  );
  return conf;
}

/** `rsyslogd -N1`: rsyslog's own validation of a config that includes the snippet. */
export function validateSnippet(snippet: string): { status: number; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'thincert-rsyslog-n1-'));
  try {
    const snippetPath = join(dir, 'thincert.conf');
    writeFileSync(snippetPath, snippet);
    const run = spawnSync(RSYSLOGD, ['-N1', '-f', senderConfig(dir, 5514, snippetPath)], { encoding: 'utf8' });
    return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startRsyslogSender(snippet: string): Promise<RsyslogSender> {
  const dir = mkdtempSync(join(tmpdir(), 'thincert-rsyslog-sender-'));
  const snippetPath = join(dir, 'thincert.conf');
  writeFileSync(snippetPath, snippet);
  const inputPort = await freePort();
  const conf = senderConfig(dir, inputPort, snippetPath);
  const peer = await spawnPeer({
    binary: RSYSLOGD,
    args: ['-n', '-f', conf, '-i', join(dir, 'rsyslogd.pid')],
    aptPackage: 'rsyslog rsyslog-gnutls',
    ports: [inputPort],
    logFiles: [],
  });
  return {
    log: (tag, message) => {
      const run = spawnSync('logger', ['-T', '-n', '127.0.0.1', '-P', String(inputPort), '-t', tag, message], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`logger failed: ${run.stderr}`);
    },
    stop: async () => {
      await peer.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
