/**
 * `identity enroll|renew|import|remove|show` (issue 17): this device's own
 * certificate, through the Service like the kiosk screen. The challenge and
 * the PKCS#12 password come from files (never the command line, where `ps`
 * shows them) and are never printed.
 */
import { readFile } from 'node:fs/promises';
import * as v from 'valibot';
import { IdentityEnrollRequestSchema, type IdentityView } from '../../../app/identity';
import { printJson, stringFlag, type CliContext } from '../context';
import { requireArg, UsageError } from '../purpose-arg';
import { terminalField } from '../terminal-text';

const MAX_SECRET_BYTES = 4096;

export async function runIdentity({ service, args, io }: CliContext): Promise<number> {
  const action = args.positionals.action;
  const file = args.positionals.file;
  if (action !== 'import' && file !== undefined) throw new UsageError(`identity ${action ?? ''} takes no file argument`);
  const cli = { actor: 'cli' } as const;
  let view: IdentityView;
  if (action === 'show') view = await service.call('identityShow', {}, cli);
  else if (action === 'enroll') {
    const sans = args.flags.san;
    const request = v.safeParse(IdentityEnrollRequestSchema, {
      scepUrl: requireFlag(stringFlag(args, 'scep'), '--scep URL'),
      challenge: await readSecret(requireFlag(stringFlag(args, 'challenge-file'), '--challenge-file FILE'), 'challenge'),
      caFingerprint: requireFlag(stringFlag(args, 'ca-fingerprint'), '--ca-fingerprint SHA256'),
      ...(stringFlag(args, 'cn') !== undefined ? { cn: stringFlag(args, 'cn') } : {}),
      ...(Array.isArray(sans) ? { san: sans } : {}),
    });
    if (!request.success) throw new UsageError(request.issues.map((issue) => `${issue.path?.map((p) => String(p.key)).join('.') ?? ''}: ${issue.message}`).join('; '));
    view = await service.call('identityEnroll', request.output, cli);
  } else if (action === 'renew') {
    const challengeFile = stringFlag(args, 'challenge-file');
    view = await service.call('identityRenew', challengeFile === undefined ? {} : { challenge: await readSecret(challengeFile, 'challenge') }, cli);
  } else if (action === 'import') {
    const path = requireArg(file, 'FILE.p12');
    const password = await readSecret(requireFlag(stringFlag(args, 'password-file'), '--password-file FILE'), 'password');
    const { bytes } = await service.call('readFile', { path }, cli);
    view = await service.call('identityImportBytes', { bytes, password }, cli);
  } else if (action === 'remove') view = await service.call('identityRemove', {}, cli);
  else throw new UsageError(`identity takes enroll, renew, import, remove or show, not '${action ?? ''}'`);

  if (args.json) printJson(io, { state: view.state, certificate: view.certificate, renewAt: view.renewAt });
  else io.out(describe(view));
  // PENDING is not a failure: the CA will decide, and the app polls it.
  return 0;
}

function describe(view: IdentityView): string {
  const lines = [`state: ${view.state}`];
  const cert = view.certificate;
  if (cert) {
    lines.push(
      `subject: ${terminalField(cert.subject)}`,
      `issuer: ${terminalField(cert.issuer)}`,
      `serial: ${cert.serial}`,
      `valid: ${cert.notBefore} to ${cert.notAfter}${view.daysLeft === null ? '' : ` (${daysLeftText(view.daysLeft)})`}`,
      `fingerprint: ${cert.fingerprint}`,
    );
  }
  if (view.renewAt) lines.push(`renews at: ${view.renewAt}`);
  if (view.source) lines.push(`from: ${view.source === 'scep' ? `SCEP ${terminalField(view.scepUrl ?? '')}` : 'PKCS#12 import'}`);
  if (view.state === 'pending') lines.push('The CA has not decided yet; ThinCert asks again in the background.');
  if (view.lastError) lines.push(`last error (${view.lastError.at}): ${terminalField(view.lastError.message)}`);
  return `${lines.join('\n')}\n`;
}

function requireFlag(value: string | undefined, name: string): string {
  if (value === undefined) throw new UsageError(`missing ${name}`);
  return value;
}

/** A secret file's first line: what `echo SECRET > FILE` leaves, without the newline. */
async function readSecret(path: string, what: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new UsageError(`cannot read the ${what} file ${path}: ${error instanceof Error && 'code' in error ? String(error.code) : 'unreadable'}`);
  }
  if (bytes.length > MAX_SECRET_BYTES) throw new UsageError(`the ${what} file ${path} is larger than ${MAX_SECRET_BYTES} bytes`);
  return bytes.toString('utf8').replace(/\r?\n$/, '');
}

function daysLeftText(days: number): string {
  if (days < 0) return 'expired';
  return days === 1 ? '1 day left' : `${days} days left`;
}
