import type { Certificate } from '../../app/schemas';
import type { Purpose } from '../../app/purposes';
import { terminalField } from './terminal-text';

const TITLES: Record<Purpose, string> = {
  ksc: 'Management server',
  rdp: 'RDP servers',
  broker: 'Connection broker',
  logServer: 'Log server',
};

export function purposeTitle(purpose: Purpose): string {
  return `${TITLES[purpose]} (${purpose})`;
}


const STATUS_WORDS: Record<Certificate['status'], (c: Certificate) => string> = {
  valid: () => 'valid',
  expiring: (c) => `expires in ${c.daysLeft} day${c.daysLeft === 1 ? '' : 's'}`,
  expired: (c) => `EXPIRED ${c.notAfter.slice(0, 10)}`,
  'not-yet-valid': (c) => `not valid before ${c.notBefore.slice(0, 10)}`,
};

export function formatCertificateRow(c: Certificate): string {
  const fp = c.fingerprint.replace(/:/g, '').slice(0, 16);
  const limit = c.onlyFor ? `  [only for ${terminalField(c.onlyFor.join(','))}]` : '';
  return `${fp}  ${c.purposes.join(',').padEnd(10)} ${(c.isCA ? 'CA' : 'leaf').padEnd(4)} ${STATUS_WORDS[c.status](c).padEnd(24)} ${terminalField(c.subject)}${limit}`;
}

export function formatCertificate(c: Certificate): string {
  const rows: [string, string][] = [
    ['Subject', c.subject],
    ['Issuer', c.issuer],
    ['Serial', c.serial],
    ['Valid from', c.notBefore],
    ['Valid until', `${c.notAfter} (${STATUS_WORDS[c.status](c)})`],
    ['SHA-256', c.fingerprint],
    ['SHA-1', c.sha1],
    ['Purposes', c.purposes.join(', ') || '-'],
    ['Source', c.source ?? '-'],
    ['Label', c.label ?? '-'],
    ['Added', c.addedAt ?? '-'],
    ['Kind', c.isCA ? 'CA certificate (anchor)' : 'server certificate (pinned leaf)'],
    ...(c.onlyFor ? [['Only for', c.onlyFor.join(', ')] as [string, string]] : []),
    ['Self-signed', c.selfSigned ? 'yes' : 'no'],
    ['Key', `${c.keyType}${c.curve ? ` ${c.curve}` : ''} ${c.keyBits} bits`],
    ['Signature', c.signatureAlgorithm],
    ['Names', c.subjectAltNames.join(', ') || '-'],
    ['Key usage', c.keyUsage.join(', ') || '-'],
    ['Ext. key usage', c.extKeyUsage.join(', ') || '-'],
  ];
  // Every value is escaped here, so a field added later cannot forget it.
  return rows.map(([k, v]) => `${k.padEnd(15)} ${terminalField(v)}`).join('\n');
}
