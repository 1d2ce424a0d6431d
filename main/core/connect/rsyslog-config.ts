/**
 * The rsyslog action that forwards the thin client's own logs to the log
 * server, trusting exactly what ThinCert trusts for `logServer`: rsyslog's
 * gtls driver with the per-action CA file (no TLS globals, so the snippet can
 * stand beside any other configuration), and either the server's name
 * checked against that CA file or, when only pinned leaves are stored, their
 * fingerprints (rsyslog compares those without looking at any chain).
 * With an identity (issue 17) the action also presents this device's
 * certificate and key, for a log server that accepts only known devices; the
 * paths are the stable ones a renewal swaps the files behind.
 */
import type { StoredCertificate } from '../store/types';

export interface RsyslogTarget {
  host: string;
  port: number;
  /** The logServer PEM bundle. */
  caFile: string;
  stored: readonly StoredCertificate[];
  /** This device's certificate and key (stable paths), or null without a valid identity. */
  identity: { certPath: string; keyPath: string } | null;
}

export interface RsyslogSnippet {
  text: string;
  authMode: 'x509/name' | 'x509/fingerprint';
  /** What the person should know: what rsyslog cannot honour of the store. */
  warnings: string[];
}

/** rsyslog's string literal: backslash and double quote escaped. */
const quoted = (text: string): string => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/** rsyslog's fingerprint form (nsd_gtls): `SHA256:` then upper-case hex pairs joined by ':'. */
export const rsyslogFingerprint = (fingerprint: string): string => `SHA256:${fingerprint.toUpperCase()}`;

export function rsyslogSnippet(target: RsyslogTarget): RsyslogSnippet {
  const cas = target.stored.filter((c) => c.details.isCA);
  const pins = target.stored.filter((c) => !c.details.isCA);
  const warnings: string[] = [];
  let authMode: RsyslogSnippet['authMode'];
  let peers: string;
  if (cas.length === 0 && pins.length > 0) {
    authMode = 'x509/fingerprint';
    peers = pins.map((c) => rsyslogFingerprint(c.fingerprint)).join(',');
  } else {
    authMode = 'x509/name';
    peers = target.host;
    if (cas.length === 0) warnings.push('no certificates are stored for logServer: rsyslog will not connect until one is.');
    for (const pin of pins.filter((c) => !c.details.selfSigned)) {
      warnings.push(`the pinned certificate ${pin.details.subject} (${pin.fingerprint}) is not honoured beside stored CAs: rsyslog checks the server's name against the CA file.`);
    }
  }
  const text = [
    `# Written by thincert export-config rsyslog: this device's logs go to ${target.host}:${target.port} over TLS,`,
    '# trusting exactly the certificates ThinCert stores for logServer. Run it again when they change.',
    ...(target.identity
      ? ["# It presents this device's certificate to a log server that asks for one; renewals replace the files in place."]
      : ["# This device has no certificate of its own yet: a log server that requires one refuses these logs. Run this again after enrolling."]),
    'action(',
    '  type="omfwd"',
    `  target=${quoted(target.host)}`,
    `  port="${target.port}"`,
    '  protocol="tcp"',
    '  StreamDriver="gtls"',
    '  StreamDriverMode="1"',
    `  StreamDriverAuthMode="${authMode}"`,
    `  StreamDriverPermittedPeers=${quoted(peers)}`,
    `  streamDriver.CAFile=${quoted(target.caFile)}`,
    // rsyslog ≥ 8.2108 takes the client certificate per action; sent only when the server asks for one.
    ...(target.identity
      ? [`  streamDriver.CertFile=${quoted(target.identity.certPath)}`, `  streamDriver.KeyFile=${quoted(target.identity.keyPath)}`]
      : []),
    '  action.resumeRetryCount="-1"',
    '  queue.type="LinkedList"',
    ')',
    '',
  ].join('\n');
  return { text, authMode, warnings };
}
