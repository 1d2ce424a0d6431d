/** `list`, `show`, `add`, `remove`, `export` (CLI.md) over the certificates capability. */
import type { Certificate } from '../../../app/schemas';
import { printJson, stringFlag, type CliContext } from '../context';
import { purposeArg, requireArg } from '../purpose-arg';
import { formatCertificate, formatCertificateRow } from '../format';
import { terminalField } from '../terminal-text';
import { readInput } from '../read-input';

export async function runList({ service, args, io }: CliContext): Promise<number> {
  const purpose = args.positionals.purpose === undefined ? undefined : purposeArg(args.positionals.purpose);
  const { certificates } = await service.call('list', purpose ? { purpose } : {}, { actor: 'cli' });
  if (args.json) printJson(io, { certificates });
  else if (certificates.length === 0) io.out(purpose ? `No certificates for ${purpose}.\n` : 'No certificates stored.\n');
  else io.out(`${certificates.map(formatCertificateRow).join('\n')}\n`);
  return 0;
}

export async function runShow({ service, args, io }: CliContext): Promise<number> {
  const cert = await service.call('show', { fingerprint: requireArg(args.positionals.fp, 'FP') }, { actor: 'cli' });
  if (args.json) printJson(io, cert);
  else {
    const issuers = cert.chain.map((c, i) => `${i === 0 ? 'Issued by'.padEnd(15) : ''.padEnd(15)} ${terminalField(c.subject)} (${c.fingerprint.slice(0, 23)}…)`);
    io.out(`${formatCertificate(cert)}\n${issuers.length ? `${issuers.join('\n')}\n` : ''}${cert.pem}`);
  }
  return 0;
}

export async function runAdd({ service, args, io }: CliContext): Promise<number> {
  const purpose = purposeArg(args.positionals.purpose);
  const file = requireArg(args.positionals.file, 'FILE');
  const bytes = await readInput(service, io, file);
  const label = stringFlag(args, 'label');
  const onlyFor = stringFlag(args, 'only-for');
  const result = await service.call(
    'addBytes',
    { purpose, bytes, ...(label === undefined ? {} : { label }), ...(onlyFor === undefined ? {} : { onlyFor }) },
    { actor: 'cli' },
  );
  if (args.json) printJson(io, result);
  else io.out(describeAdded(purpose, result.added, result.alreadyPresent));
  return 0;
}

function describeAdded(purpose: string, added: Certificate[], alreadyPresent: string[]): string {
  const lines = added.map((c) => `added ${c.isCA ? 'CA' : 'pinned'} ${c.fingerprint}  ${terminalField(c.subject)}${c.onlyFor ? `  (only for ${terminalField(c.onlyFor.join(','))})` : ''}`);
  for (const fp of alreadyPresent) lines.push(`already stored for ${purpose}: ${fp}`);
  return `${lines.join('\n')}\n`;
}

export async function runRemove({ service, args, io }: CliContext): Promise<number> {
  const purpose = purposeArg(args.positionals.purpose);
  const result = await service.call('remove', { purpose, fingerprint: requireArg(args.positionals.fp, 'FP') }, { actor: 'cli' });
  if (args.json) printJson(io, result);
  else io.out(`removed ${result.fingerprint} from ${purpose}${result.removedFromStore ? ' (no purpose left: deleted from the store)' : ''}\n`);
  return 0;
}

export async function runExport({ service, args, io }: CliContext): Promise<number> {
  const purpose = purposeArg(args.positionals.purpose);
  const out = stringFlag(args, 'out');
  if (out) {
    const { count } = await service.call('exportToFile', { purpose, path: out }, { actor: 'cli' });
    if (args.json) printJson(io, { purpose, count, file: out });
    else io.err(`wrote ${count} certificate${count === 1 ? '' : 's'} to ${out}\n`);
    return 0;
  }
  const { pem, count } = await service.call('exportBundle', { purpose }, { actor: 'cli' });
  if (args.json) printJson(io, { purpose, count, pem });
  else io.out(pem);
  return 0;
}
