/**
 * rsyslogd in the foreground receiving syslog over TLS (RFC 5425) with the
 * gtls driver, writing every received message to a file in its temp folder
 * (the audit issue reads that file).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';
import { spawnPeer } from './process';

export interface RsyslogPeer {
  port: number;
  /** Every received message, one per line. */
  messagesPath: string;
  stop(): Promise<void>;
}

const RSYSLOGD = '/usr/sbin/rsyslogd';

export async function startRsyslog(options: { caPath: string; certificatePath: string; keyPath: string }): Promise<RsyslogPeer> {
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
module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" StreamDriver.Authmode="anon")
input(type="imtcp" port="${port}" address="127.0.0.1")
*.* action(type="omfile" file="${messagesPath}")
`,
  );
  const peer = await spawnPeer({
    binary: RSYSLOGD,
    args: ['-n', '-f', conf, '-i', join(dir, 'rsyslogd.pid')],
    aptPackage: 'rsyslog rsyslog-gnutls',
    ports: [port],
    logFiles: [],
  });
  return {
    port,
    messagesPath,
    stop: async () => {
      await peer.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
