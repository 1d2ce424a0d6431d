/** `check` and `fetch` (CLI.md): judge a server, or pin its certificate after confirmation. */
import type { CheckResult, Certificate } from '../../../app/schemas';
import { printJson, stringFlag, type CliContext } from '../context';
import { parseConnectTo, parseHostArg } from '../host-arg';
import { purposeArg, requireArg, UsageError } from '../purpose-arg';
import { terminalField } from '../terminal-text';
import { confirmFingerprint } from '../confirm-fingerprint';

function timeoutMs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 120) throw new UsageError('--timeout takes seconds from 0.1 to 120');
  return Math.round(seconds * 1000);
}

export async function runCheck({ service, args, io }: CliContext): Promise<number> {
  const purpose = purposeArg(args.positionals.purpose);
  const { host, port } = parseHostArg(requireArg(args.positionals.host, 'HOST'));
  const connectTo = parseConnectTo(stringFlag(args, 'connect-to'));
  const timeout = timeoutMs(stringFlag(args, 'timeout'));
  const result = await service.call(
    'check',
    { purpose, host, ...(port ? { port } : {}), ...(connectTo ? { connectTo } : {}), ...(timeout ? { timeoutMs: timeout } : {}) },
    { actor: 'cli' },
  );
  if (args.json) printJson(io, result);
  else io.out(formatCheck(result));
  if (result.trusted) return 0;
  return result.chain.length === 0 ? 1 : 3;
}

export function formatCheck(r: CheckResult): string {
  const host = terminalField(r.host);
  const lines = [
    r.trusted
      ? `TRUSTED: ${host}:${r.port} for ${r.purpose} (${r.by === 'pinned-leaf' ? 'pinned certificate' : 'by domain name, through a stored CA'})`
      : r.chain.length === 0
        ? `UNREACHABLE: ${host}:${r.port} for ${r.purpose}`
        : `NOT TRUSTED: ${host}:${r.port} for ${r.purpose}`,
  ];
  for (const reason of r.reasons) lines.push(`  - ${terminalField(reason.message)}`);
  for (const warning of r.warnings ?? []) lines.push(`  warning: ${terminalField(warning.message)}`);
  if (r.chain.length > 0) {
    lines.push(`Chain presented${r.protocol ? ` (${r.protocol})` : ''}:`);
    r.chain.forEach((c, i) => lines.push(`  ${i}: ${terminalField(c.subject)}`, `     issuer ${terminalField(c.issuer)}`, `     SHA-256 ${c.fingerprint}`));
  }
  lines.push(`(${r.durationMs} ms)`);
  return `${lines.join('\n')}\n`;
}

function formatChain(chain: Certificate[]): string {
  return chain
    .map((c, i) => `  ${i === 0 ? 'server' : `issuer ${i}`}: ${terminalField(c.subject)}\n    issued by ${terminalField(c.issuer)}\n    valid ${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)}\n    SHA-256 ${c.fingerprint}`)
    .join('\n');
}

export async function runFetch({ service, args, io }: CliContext): Promise<number> {
  const purpose = purposeArg(args.positionals.purpose);
  const { host, port } = parseHostArg(requireArg(args.positionals.host, 'HOST'));
  const connectTo = parseConnectTo(stringFlag(args, 'connect-to'));
  const accept = stringFlag(args, 'accept-fingerprint');
  const fetched = await service.call('fetchChain', { purpose, host, ...(port ? { port } : {}), ...(connectTo ? { connectTo } : {}) }, { actor: 'cli' });
  io.err(`${terminalField(host)}:${fetched.port} presented:\n${formatChain(fetched.chain)}\n`);
  const leaf = fetched.chain[0] as Certificate;
  let fingerprint = accept;
  if (fingerprint === undefined) {
    const question = `Pin the server certificate with SHA-256 ${leaf.fingerprint} for ${purpose}?`;
    if (!(await confirmFingerprint(io, { question, compareWith: "the server's", declined: 'Not pinned.' }))) return 1;
    fingerprint = leaf.fingerprint;
  }
  // The leaf's fingerprint pins it; a CA's, as the UI offers, adds that CA as an anchor (main refuses any other).
  const label = stringFlag(args, 'label');
  const result = await service.call('confirmFetch', { fetchId: fetched.fetchId, fingerprint, ...(label === undefined ? {} : { label }) }, { actor: 'cli' });
  const chosen = fetched.chain.find((c) => sameFingerprint(c.fingerprint, fingerprint)) ?? leaf;
  if (args.json) printJson(io, { host, port: fetched.port, chain: fetched.chain, ...result });
  else io.out(fetchOutcome(purpose, chosen.fingerprint, chosen.isCA, result.added.length > 0));
  return 0;
}

function fetchOutcome(purpose: string, fingerprint: string, isCA: boolean, added: boolean): string {
  if (!isCA) return added ? `pinned ${fingerprint} for ${purpose}\n` : `already pinned for ${purpose}\n`;
  return added
    ? `added the CA ${fingerprint} for ${purpose}: servers it issued are trusted by domain name\n`
    : `this CA is already stored for ${purpose}\n`;
}

function sameFingerprint(a: string, b: string): boolean {
  const hex = (text: string) => text.replace(/[\s:]/g, '').toUpperCase();
  return hex(a) === hex(b);
}
