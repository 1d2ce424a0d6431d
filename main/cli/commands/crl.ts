/** `crl add FILE|-`, `crl list` (issue 16 §2): CRLs for thin clients that cannot reach their CA. */
import { printJson, type CliContext } from '../context';
import { requireArg, UsageError } from '../purpose-arg';
import { terminalField } from '../terminal-text';
import { readInput } from '../read-input';
import type { MainResponseOf } from '../../../app/main-channels';

export async function runCrl({ service, args, io }: CliContext): Promise<number> {
  const action = args.positionals.action;
  const file = args.positionals.file;
  if (action === 'list') {
    if (file !== undefined) throw new UsageError('crl list takes no argument');
    const { crls } = await service.call('crlList', {}, { actor: 'cli' });
    if (args.json) printJson(io, { crls });
    else if (crls.length === 0) io.out('No CRL is kept on this device.\n');
    else io.out(`${crls.map((crl) => crlLine({ ...crl, issuer: terminalField(crl.issuer) })).join('\n')}\n`);
    return 0;
  }
  if (action === 'add') {
    const given = requireArg(file, 'FILE');
    const result = await service.call('crlAdd', { bytes: await readInput(service, io, given) }, { actor: 'cli' });
    if (args.json) printJson(io, result);
    else io.out(`${result.added ? 'kept' : 'already kept'}: CRL of ${terminalField(result.issuer)}, ${result.revoked} revoked, next update ${result.nextUpdate ?? '(none)'}\n`);
    return 0;
  }
  throw new UsageError(`crl takes add or list, not '${action ?? ''}'`);
}

type CrlListed = MainResponseOf<'crlList'>['crls'][number];

function crlLine(crl: CrlListed): string {
  return `${crl.issuer}\n  this update ${day(crl.thisUpdate)}, next update ${crl.nextUpdate ? day(crl.nextUpdate) : '(none)'}, ${crl.revoked} revoked, ${crl.source}${crl.state === 'current' ? '' : `, ${crl.state}`}\n  SHA-256 ${crl.id}`;
}

const day = (iso: string): string => new Date(iso).toISOString().slice(0, 10);
