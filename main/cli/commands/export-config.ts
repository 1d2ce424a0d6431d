/** `export-config rsyslog` (issue 15): the rsyslog action forwarding this device's logs as ThinCert trusts the log server. */
import { printJson, type CliContext } from '../context';
import { requireArg, UsageError } from '../purpose-arg';

export async function runExportConfig({ service, args, io }: CliContext): Promise<number> {
  const target = requireArg(args.positionals.target, 'TARGET');
  if (target !== 'rsyslog') throw new UsageError(`cannot write a configuration for '${target}': only rsyslog is supported`);
  const snippet = await service.call('rsyslogConfig', {}, { actor: 'cli' });
  for (const warning of snippet.warnings) io.err(`thincert: ${warning}\n`);
  if (args.json) printJson(io, { target, server: snippet.server, authMode: snippet.authMode, config: snippet.config });
  else io.out(snippet.config);
  return 0;
}
