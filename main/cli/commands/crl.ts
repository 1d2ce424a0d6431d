/** `crl add FILE|-`, `crl list` (issue 16 §2): CRLs for thin clients that cannot reach their CA. */
import { readCertificateFile } from '../../core/certs/read-file';
import { revocationInForce } from '../../core/revocation/in-force';
import { printJson, type CliContext } from '../context';
import { requireArg, UsageError } from '../purpose-arg';
import { terminalField } from '../terminal-text';

export async function runCrl({ service, args, io }: CliContext): Promise<number> {
  const action = args.positionals.action;
  const file = args.positionals.file;
  const { dataDir, clock } = service.context;
  // Loaded here, not with the command table: the CRL parser must not weigh on every command's start.
  const [{ keepCrl }, { crlLine, listCrls }] = await Promise.all([import('../../core/revocation/crl-store'), import('../../core/revocation/crl-list')]);
  if (action === 'list') {
    if (file !== undefined) throw new UsageError('crl list takes no argument');
    const crls = await listCrls(dataDir, (await revocationInForce(dataDir)).policyCrls, clock.now());
    if (args.json) printJson(io, { crls });
    else if (crls.length === 0) io.out('No CRL is kept on this device.\n');
    else io.out(`${crls.map((crl) => crlLine({ ...crl, issuer: terminalField(crl.issuer) })).join('\n')}\n`);
    return 0;
  }
  if (action === 'add') {
    const given = requireArg(file, 'FILE');
    const bytes = given === '-' ? await io.readStdin() : await readCertificateFile(given);
    const { crl, added } = await keepCrl(dataDir, bytes, clock.now());
    if (added) {
      // Who made revocation stricter, and with which list, is worth a record like any change of trust.
      await service.extensions.audit.append('setting-changed', 'cli', { key: 'crls', from: '-', to: `CRL of ${crl.issuer} (${crl.thisUpdate.toISOString()}, ${crl.revoked.size} revoked)` });
    }
    const result = { added, issuer: crl.issuer, thisUpdate: crl.thisUpdate.toISOString(), nextUpdate: crl.nextUpdate?.toISOString() ?? null, revoked: crl.revoked.size, id: crl.id };
    if (args.json) printJson(io, result);
    else io.out(`${added ? 'kept' : 'already kept'}: CRL of ${terminalField(crl.issuer)}, ${crl.revoked.size} revoked, next update ${result.nextUpdate ?? '(none)'}\n`);
    return 0;
  }
  throw new UsageError(`crl takes add or list, not '${action ?? ''}'`);
}
