/**
 * OpenSSL's own opinion of a server, for cross-checking ThinCert's verdicts:
 * `openssl s_client -verify_return_error` against the given anchors only.
 */
import { writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { runOpenssl } from './openssl-cli';
import type { PkiCert } from './pki';

export interface SClientVerdict {
  ok: boolean;
  /** OpenSSL's words, e.g. "certificate has expired"; null when ok. */
  error: string | null;
}

export function sClientVerdict(options: {
  port: number;
  host: string;
  anchors: PkiCert[];
  dir: string;
  partialChain?: boolean;
}): SClientVerdict {
  const caFile = join(options.dir, `s-client-anchors-${options.port}-${options.anchors.map((a) => a.name).join('+')}.pem`);
  writeFileSync(caFile, options.anchors.map((a) => a.pem).join(''));
  const ip = isIP(options.host) !== 0;
  const run = runOpenssl([
    's_client',
    '-connect', `127.0.0.1:${options.port}`,
    ...(ip ? ['-verify_ip', options.host] : ['-servername', options.host, '-verify_hostname', options.host]),
    '-verify_return_error',
    '-CAfile', caFile,
    // Only the given anchors: never the system store.
    '-no-CApath', '-no-CAstore',
    ...(options.partialChain ? ['-partial_chain'] : []),
  ]);
  const text = `${run.stdout}\n${run.stderr}`;
  const verifyError = /verify error:num=\d+:([^\n]+)/.exec(text)?.[1] ?? null;
  const ok = run.status === 0 && /Verify return code: 0 \(ok\)/.test(text);
  return { ok, error: ok ? null : verifyError ?? (text.match(/error:[^\n]+/)?.[0] ?? `exit ${run.status}`) };
}
