/**
 * `verify` (issue 16 §1): judge a chain from a file as if a server had
 * presented it, or JSON lines of chains from stdin. Same rules, reasons and
 * exit statuses as `check`: 0 trusted, 3 not, 1 unreadable input, 2 usage.
 */
import { isHostName } from '../../../app/host-name';
import { isIsoTime, type VerifyResult } from '../../../app/verify-channels';
import { chainText } from '../chain-text';
import { printJson, stringFlag, type CliContext } from '../context';
import { purposeArg, requireArg, UsageError } from '../purpose-arg';
import { readStdin } from '../read-input';
import { terminalField } from '../terminal-text';

export async function runVerify(context: CliContext): Promise<number> {
  return context.args.flags.stdin === true ? runVerifyLines(context) : runVerifyFile(context);
}

async function runVerifyFile({ service, args, io }: CliContext): Promise<number> {
  const purpose = purposeArg(args.positionals.purpose);
  const file = requireArg(args.positionals.file, 'CHAIN_FILE');
  const name = nameFlag(stringFlag(args, 'name'));
  const at = atFlag(stringFlag(args, 'at'));
  const anchorsFile = stringFlag(args, 'anchors');
  const readFile = async (path: string) => (await service.call('readFile', { path }, { actor: 'cli' })).bytes;
  const chainPem = chainText(file === '-' ? await readStdin(io) : await readFile(file));
  const anchorsPem = anchorsFile === undefined ? undefined : chainText(await readFile(anchorsFile));
  const result = await service.call(
    'verifyChain',
    { purpose, chainPem, ...(name ? { name } : {}), ...(at ? { at } : {}), ...(anchorsPem === undefined ? {} : { anchorsPem }) },
    { actor: 'cli' },
  );
  if (args.json) printJson(io, result);
  else io.out(formatVerify(result, anchorsFile !== undefined));
  return result.trusted ? 0 : 3;
}

/** Exit 0 when every line was judged trusted, 3 when one was not, 1 when a line could not be judged. */
async function runVerifyLines({ service, args, io }: CliContext): Promise<number> {
  if (args.positionals.file !== undefined) throw new UsageError('--stdin reads the chains from stdin: give no CHAIN_FILE');
  for (const flag of ['name', 'at', 'anchors']) {
    if (args.flags[flag] !== undefined) throw new UsageError(`with --stdin, --${flag} goes in each line ("${flag}")`);
  }
  const purpose = args.positionals.purpose === undefined ? undefined : purposeArg(args.positionals.purpose);
  const lines = (await readStdin(io, MAX_LINES_BYTES, 'the lines of one verify --stdin')).toString('utf8').split('\n');
  const batch = await service.call('verifyBatch', { lines, ...(purpose === undefined ? {} : { purpose }) }, { actor: 'cli' });
  // Written in blocks: one write per line costs more than judging it.
  for (let i = 0; i < batch.outcomes.length; i += OUTPUT_BLOCK) {
    io.out(batch.outcomes.slice(i, i + OUTPUT_BLOCK).map((outcome) => `${JSON.stringify(outcome)}\n`).join(''));
  }
  if (batch.errors > 0) return 1;
  return batch.untrusted > 0 ? 3 : 0;
}

const OUTPUT_BLOCK = 256;

/**
 * A fleet audit's lines are read whole before they are judged in parallel:
 * 256 MiB is some 80,000 chains, and well below the half gigabyte where one
 * string of them could no longer be made.
 */
const MAX_LINES_BYTES = 256 * 1024 * 1024;

function nameFlag(value: string | undefined): string | undefined {
  if (value !== undefined && !isHostName(value)) throw new UsageError(`--name '${value}' is not a DNS name, an IPv4 address or [IPv6]`);
  return value;
}

function atFlag(value: string | undefined): string | undefined {
  if (value !== undefined && !isIsoTime(value)) throw new UsageError(`--at '${value}' is not an ISO 8601 time (e.g. 2027-01-31 or 2027-01-31T12:00:00Z)`);
  return value;
}

export function formatVerify(r: VerifyResult, whatIf: boolean): string {
  const against = whatIf ? 'the anchors and pins in --anchors' : `the certificates stored for ${r.purpose}`;
  const subject = `chain for ${r.purpose}${r.name === null ? '' : `, name ${terminalField(r.name)}`}`;
  const lines = [
    r.trusted
      ? `TRUSTED: ${subject} (${r.by === 'pinned-leaf' ? 'pinned certificate' : 'through a stored CA'})`
      : `NOT TRUSTED: ${subject}`,
  ];
  for (const reason of r.reasons) lines.push(`  - ${terminalField(reason.message)}`);
  for (const warning of r.warnings) lines.push(`  warning: ${terminalField(warning.message)}`);
  if (!r.nameChecked) lines.push('  Name not checked: no --name was given.');
  lines.push(`Judged against ${against}, at ${r.at}.`);
  if (r.chain.length > 0) {
    lines.push('Chain:');
    r.chain.forEach((c, i) => lines.push(`  ${i}: ${terminalField(c.subject)}`, `     issuer ${terminalField(c.issuer)}`, `     SHA-256 ${c.fingerprint}`));
  }
  return `${lines.join('\n')}\n`;
}
