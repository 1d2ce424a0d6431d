/** `export-config rsyslog` (issue 15): the rsyslog action forwarding this device's logs as ThinCert trusts the log server. */
import { rsyslogSnippet } from '../../core/connect/rsyslog-config';
import { ThinCertError } from '../../core/errors';
import { bundlePath } from '../../core/store/layout';
import { refreshTrustFiles } from '../../core/store/trust-files';
import { everyStored, trustMembers } from '../../core/store/trust-members';
import { printJson, type CliContext } from '../context';
import { parseHostArg } from '../host-arg';
import { requireArg, UsageError } from '../purpose-arg';

const DEFAULT_LOG_PORT = 6514;

export async function runExportConfig({ service, args, io }: CliContext): Promise<number> {
  const target = requireArg(args.positionals.target, 'TARGET');
  if (target !== 'rsyslog') throw new UsageError(`cannot write a configuration for '${target}': only rsyslog is supported`);
  const { logServer } = await service.call('settings', {}, { actor: 'cli' });
  if (logServer === null) throw new ThinCertError('no-log-server', 'No log server is set: thincert config set logServer HOST:PORT.');
  const { host, port } = parseHostArg(logServer);
  const store = service.extensions.store;
  await refreshTrustFiles(store, { verify: false });
  const state = await store.read();
  const snippet = rsyslogSnippet({
    host,
    port: port ?? DEFAULT_LOG_PORT,
    caFile: bundlePath(store.dir, 'logServer'),
    // The bundle's members under the rule in force (managed mode), so the auth mode matches the CA file.
    stored: trustMembers(state, 'logServer', await (store.trustMembers?.() ?? everyStored)),
  });
  for (const warning of snippet.warnings) io.err(`thincert: ${warning}\n`);
  if (args.json) printJson(io, { target, server: `${host}:${port ?? DEFAULT_LOG_PORT}`, authMode: snippet.authMode, config: snippet.text });
  else io.out(snippet.text);
  return 0;
}
