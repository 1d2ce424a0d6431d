/** `distrust add FILE|SHA256`, `distrust list`, `distrust remove FP` (issue 16 §3): certificates never trusted. */
import { printJson, type CliContext } from '../context';
import { requireArg, UsageError } from '../purpose-arg';
import { readStdin } from '../read-input';
import { terminalField } from '../terminal-text';

export async function runDistrust({ service, args, io }: CliContext): Promise<number> {
  const action = args.positionals.action;
  const target = args.positionals.target;
  if (action === 'list') {
    if (target !== undefined) throw new UsageError('distrust list takes no argument');
    const { certificates } = await service.call('distrustList', {}, { actor: 'cli' });
    if (args.json) printJson(io, { certificates });
    else if (certificates.length === 0) io.out('The distrust list is empty.\n');
    else io.out(`${certificates.map((c) => `${c.fingerprint}  ${c.source.padEnd(6)} ${terminalField(c.subject ?? '(certificate not seen)')}`).join('\n')}\n`);
    return 0;
  }
  if (action === 'add') {
    const given = requireArg(target, 'FILE or SHA256');
    // A whole SHA-256 names a certificate not at hand; anything else is a file (main tells them apart).
    const result = await service.call('distrustAdd', given === '-' ? { bytes: await readStdin(io) } : { target: given }, { actor: 'cli' });
    if (args.json) printJson(io, result);
    else {
      const lines = result.added.map((e) => `distrusted ${e.fingerprint}  ${terminalField(e.subject ?? '')}`);
      for (const fp of result.alreadyListed) lines.push(`already on the distrust list: ${fp}`);
      io.out(`${lines.join('\n')}\n`);
    }
    return 0;
  }
  if (action === 'remove') {
    const removed = await service.call('distrustRemove', { query: requireArg(target, 'FP') }, { actor: 'cli' });
    if (args.json) printJson(io, { removed });
    else io.out(`removed ${removed.fingerprint} from the distrust list\n`);
    return 0;
  }
  throw new UsageError(`distrust takes add, list or remove, not '${action ?? ''}'`);
}
