/**
 * ksc-admin (PROTOCOL.md §5): the management server's administrator console,
 * over the same data folder as ksc-sim. `main` returns the exit status; it is
 * called in-process by tests and by bin/ksc-admin.ts as a script.
 */
import { announce, devices, fingerprint, policy, replacementCodeCommand, rotate } from './admin-commands';
import { TRUST_LIMIT_OPTIONS } from './admin-trust-limits';
import { REVOCATION_OPTIONS } from './admin-revocation';
import { IDENTITY_OPTIONS } from './admin-identity';
import { dataDirOf, parseArgs, processIo, UsageError, type Io } from './sim-args';

export const KSC_ADMIN_USAGE = [
  'usage: ksc-admin --data DIR COMMAND [ARGS]',
  '  fingerprint',
  '  rotate --cert C --key K',
  '  announce --cert C',
  '  replacement-code --device ID --confirmation CODE',
  '  policy [--managed true|false] [--add PURPOSE FILE]… [--remove PURPOSE FILE]… [--contact-name S] [--contact-phone S] [--contact-email S] [--log-server HOST:PORT|none]',
  '         [--remote-desktop NAME HOST:PORT]… [--remote-desktops none]',
  '         [--add-only-for PURPOSE FILE SUFFIX|CIDR,…]… [--distrust SHA256|FILE]… [--undistrust SHA256]… [--trust-level PURPOSE both|pins-only|anchors-only|none]…',
  '         [--revocation PURPOSE off|soft|hard|none]… [--crl FILE]… [--crls none]',
  '         [--identity-scep URL|none] [--identity-ca-fingerprint SHA256|FILE] [--identity-challenge-file FILE|none] [--identity-cn NAME|none]',
  '         [--identity-san DNS:NAME|IP:ADDRESS]… [--identity-sans none] [--identity-renew-fraction F | --identity-renew-days N | --identity-renew default]',
  '  devices',
].join('\n');

const OPTIONS: Record<string, number> = {
  cert: 1,
  key: 1,
  device: 1,
  confirmation: 1,
  managed: 1,
  add: 2,
  remove: 2,
  'contact-name': 1,
  'contact-phone': 1,
  'contact-email': 1,
  'log-server': 1,
  'remote-desktop': 2,
  'remote-desktops': 1,
  ...TRUST_LIMIT_OPTIONS,
  ...REVOCATION_OPTIONS,
  ...IDENTITY_OPTIONS,
};

/** Exit statuses: 0 done, 1 refused or failed, 2 usage, 3 confirmation code mismatch (§4.3). */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    const args = parseArgs(argv, OPTIONS);
    const [command, ...extra] = args.positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
    const dir = dataDirOf(args);
    switch (command) {
      case 'fingerprint':
        return fingerprint(dir, io);
      case 'rotate':
        return await rotate(dir, args, io);
      case 'announce':
        return await announce(dir, args, io);
      case 'replacement-code':
        return replacementCodeCommand(dir, args, io);
      case 'policy':
        return await policy(dir, args, io);
      case 'devices':
        return devices(dir, io);
      default:
        throw new UsageError(command === undefined ? 'a command is required' : `unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`ksc-admin: ${error.message}`);
      io.err(KSC_ADMIN_USAGE);
      return 2;
    }
    io.err(`ksc-admin: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
