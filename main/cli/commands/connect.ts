/** `connect rdp HOST[:PORT] [--connect-to ADDR] [-- FREERDP_ARGS…]` (issue 15): a session only to a server ThinCert trusts. */
import { isThinCertError } from '../../core/errors';
import { printJson, stringFlag, type CliContext } from '../context';
import { parseConnectTo, parseHostArg } from '../host-arg';
import { requireArg, UsageError } from '../purpose-arg';
import { formatCheck } from './servers';

/** Exit statuses beyond CLI.md's 0–4: FreeRDP ran and the session did not end normally. */
export const EXIT_SESSION_FAILED = 5;

export async function runConnect({ service, args, io }: CliContext): Promise<number> {
  const protocol = requireArg(args.positionals.protocol, 'PROTOCOL');
  if (protocol !== 'rdp') throw new UsageError(`cannot connect with '${protocol}': only rdp is supported`);
  const { host, port } = parseHostArg(requireArg(args.positionals.host, 'HOST'));
  const connectTo = parseConnectTo(stringFlag(args, 'connect-to'));
  const outcome = await service
    .call(
      'rdpSession',
      {
        host,
        ...(port ? { port } : {}),
        ...(connectTo ? { connectTo } : {}),
        freeRdpArgs: args.rest,
        env: io.env,
        output: { note: (text) => io.err(text), freeRdp: (chunk) => io.err(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8')) },
      },
      { actor: 'cli' },
    )
    .catch((error: unknown) => {
      // An argument that overrides ThinCert's own is refused before anything runs; on the command line that is a usage error (exit 2).
      if (isThinCertError(error) && error.code === 'connect-override') throw new UsageError(error.message);
      throw error;
    });
  const status = outcome.kind === 'unreachable' ? 1 : outcome.kind === 'blocked' ? 3 : outcome.exit.normal ? 0 : EXIT_SESSION_FAILED;
  if (args.json) {
    printJson(io, {
      check: outcome.check,
      session: outcome.kind === 'ran' ? { command: outcome.shownCommand, normal: outcome.exit.normal, status: outcome.exit.words } : null,
    });
  } else if (outcome.kind === 'ran') {
    io.err(outcome.exit.normal ? `Session ended: ${outcome.exit.words}.\n` : `Session failed: ${outcome.exit.words}.\n`);
  } else {
    io.err(formatCheck(outcome.check));
    if (outcome.kind === 'blocked') io.err('FreeRDP was not started: ThinCert does not trust this server.\n');
  }
  return status;
}
