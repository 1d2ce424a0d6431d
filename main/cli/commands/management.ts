/** `enroll`, `sync`, `replace` (CLI.md, PROTOCOL.md §1–§4). */
import { DEFAULT_PORTS } from '../../../app/purposes';
import type { ManagementStatus } from '../../../app/schemas';
import { printJson, stringFlag, type CliContext } from '../context';
import { parseConnectTo, parseHostArg } from '../host-arg';
import { requireArg, UsageError } from '../purpose-arg';
import { confirmationCodeLine } from '../confirmation-code-line';
import { confirmFingerprint } from '../confirm-fingerprint';
import { managementJson } from '../management-json';
import { serverAddressText } from '../../../app/server-address';

/** CLI.md: exit 4 while a replacement is required (scripts must notice). */
function exitFor(status: ManagementStatus): number {
  return status.state === 'replacement-required' ? 4 : status.state === 'unreachable' ? 1 : 0;
}

function describeManagement(status: ManagementStatus): string {
  const lines = [`Management server: ${status.state}${status.server ? ` (${serverAddressText(status.server)})` : ''}`];
  if (status.deviceId) lines.push(`Device id: ${status.deviceId}`);
  if (status.pinnedFingerprint) lines.push(`Pinned certificate: ${status.pinnedFingerprint}`);
  if (status.policyRevision !== null) lines.push(`Policy revision: ${status.policyRevision}`);
  if (status.policyError) lines.push(`Policy refused: ${status.policyError}`);
  if (status.state === 'replacement-required') {
    lines.push(
      'CERTIFICATE REPLACEMENT REQUIRED: the server presents a certificate this device does not know.',
      `New certificate SHA-256: ${status.pendingFingerprint ?? '?'}`,
      confirmationCodeLine(status) ?? 'No confirmation code.',
    );
    const c = status.adminContact;
    if (c) lines.push(`Administrator: ${[c.name, c.phone, c.email].filter(Boolean).join(', ')}`);
    // Without a code the administrator has nothing to answer with: the line above says what to do instead.
    if (status.confirmationCode !== null) lines.push('Then enter the replacement code they give you: thincert replace --code CODE');
  }
  if (status.lockedUntil) lines.push(`Code entry locked until ${status.lockedUntil}.`);
  return `${lines.join('\n')}\n`;
}

/**
 * `--move-from-server CURRENT_HOST[:PORT]`: the administrator names the server the
 * device is enrolled with now, so moving it elsewhere is never a slip (issue 13).
 */
function moveFromArg(text: string | undefined): { host: string; port: number } | undefined {
  if (text === undefined) return undefined;
  const { host, port } = parseHostArg(text);
  return { host, port: port ?? DEFAULT_PORTS.ksc };
}

export async function runEnroll({ service, args, io }: CliContext): Promise<number> {
  const { host, port } = parseHostArg(requireArg(args.positionals.host, 'HOST'));
  const connectTo = parseConnectTo(stringFlag(args, 'connect-to'));
  const address = { host, ...(port ? { port } : {}), ...(connectTo ? { connectTo } : {}) };
  const moveFrom = moveFromArg(stringFlag(args, 'move-from-server'));
  let fingerprint = stringFlag(args, 'accept-fingerprint');
  if (fingerprint === undefined) {
    const d = await service.call('managementPreview', address, { actor: 'cli' });
    io.err(`${host}:${port ?? DEFAULT_PORTS.ksc} presents:\n  ${d.subject}\n  issued by ${d.issuer}\n  valid ${d.notBefore} to ${d.notAfter}\n  SHA-256 ${d.fingerprint}\n`);
    const question = 'Is this the fingerprint the administrator reads in the management console?';
    if (!(await confirmFingerprint(io, { question, compareWith: "the server console's", declined: 'Not enrolled.' }))) return 1;
    fingerprint = d.fingerprint;
  }
  const deviceId = stringFlag(args, 'device-id');
  const request = { ...address, fingerprint, ...(deviceId ? { deviceId } : {}) };
  const status =
    moveFrom === undefined
      ? await service.call('enroll', request, { actor: 'cli' })
      : await service.call('moveEnrollment', { ...request, moveFrom }, { actor: 'cli' });
  if (args.json) printJson(io, managementJson(status));
  else io.out(`Enrolled as ${status.deviceId ?? '?'}.\n${describeManagement(status)}`);
  return exitFor(status);
}

export async function runSync({ service, args, io }: CliContext): Promise<number> {
  const status = await service.call('sync', {}, { actor: 'cli' });
  if (args.json) printJson(io, managementJson(status));
  else io.out(describeManagement(status));
  return exitFor(status);
}

export async function runReplace({ service, args, io }: CliContext): Promise<number> {
  const code = stringFlag(args, 'code');
  if (code === undefined) throw new UsageError('replace needs --code CODE');
  const status = await service.call('replace', { code }, { actor: 'cli' });
  if (args.json) printJson(io, managementJson(status));
  else io.out(status.state === 'replacement-required' ? describeManagement(status) : `Certificate replaced.\n${describeManagement(status)}`);
  return exitFor(status);
}


