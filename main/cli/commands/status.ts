import type { Status } from '../../../app/schemas';
import { PURPOSES } from '../../../app/purposes';
import type { CliContext } from '../context';
import { printJson } from '../context';
import { purposeTitle } from '../format';
import { terminalField } from '../terminal-text';
import { confirmationCodeLine } from '../confirmation-code-line';
import { statusJson } from '../management-json';
import { serverAddressText } from '../../../app/server-address';

export async function runStatus({ service, args, io }: CliContext): Promise<number> {
  const status = await service.call('status', {}, { actor: 'cli' });
  if (args.json) printJson(io, statusJson(status));
  else io.out(formatStatus(status));
  return 0;
}

export function formatStatus(status: Status): string {
  const lines = [`Data folder: ${status.dataDir}`, `Mode:        ${status.mode}`, '', 'Certificates:'];
  for (const purpose of PURPOSES) lines.push(`  ${purposeTitle(purpose).padEnd(30)} ${status.counts[purpose]}`);
  if (status.expiring.length > 0) {
    lines.push('', 'Expiring or expired:');
    for (const cert of status.expiring) lines.push(`  ${cert.notAfter.slice(0, 10)}  ${terminalField(cert.subject)}  (${cert.purposes.join(', ')})`);
  }
  const m = status.management;
  lines.push('', `Management server: ${m.state}${m.server ? ` (${terminalField(serverAddressText(m.server))})` : ''}`);
  if (m.state === 'replacement-required') lines.push('  Certificate replacement required: the server presents a certificate this device does not know.');
  const code = confirmationCodeLine(m);
  if (code !== null) lines.push(`  ${code}`);
  if (m.policyError) lines.push(`  Policy refused: ${terminalField(m.policyError)}`);
  // Issue 17: an expired device certificate is a problem; servers that ask for it refuse this device.
  const identity = status.identity;
  if (identity) lines.push('', `This device's certificate: ${identity.state}${identity.notAfter ? ` (until ${identity.notAfter.slice(0, 10)})` : ''}`);
  if (identity?.state === 'expired') lines.push('  Problem: it expired and was not renewed; servers that ask for it refuse this device (thincert identity renew, or enroll again).');
  return `${lines.join('\n')}\n`;
}
