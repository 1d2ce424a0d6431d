/**
 * What other programs on the thin client read (issue 15), main-only: the
 * environment of `env`/`exec PURPOSE` and rsyslog's action for the log
 * server, each over the trust files made current first.
 */
import { parseHostPort } from '../../../app/host-name';
import { DEFAULT_PORTS } from '../../../app/purposes';
import { rsyslogSnippet } from '../connect/rsyslog-config';
import { identityEnvironment, trustEnvironment, unexpressiblePins } from '../connect/trust-env';
import { currentIdentityFiles } from '../identity/files';
import { ThinCertError } from '../errors';
import type { MainHandlers } from '../service';
import { bundlePath } from '../store/layout';
import { refreshTrustFiles } from '../store/trust-files';
import { everyStored, trustMembers } from '../store/trust-members';
import type { Purpose } from '../../../app/purposes';
import type { HandlerDeps } from './deps';

type Deps = Pick<HandlerDeps, 'store' | 'state' | 'clock'>;

export function trustFileHandlers(deps: Deps): Pick<MainHandlers, 'trustEnvironment' | 'rsyslogConfig'> {
  const { store } = deps;

  /** The files brought up to date; what they hold under the rule in force (managed mode), not every stored certificate. */
  const members = async (purpose: Purpose) => {
    await refreshTrustFiles(store, { verify: false });
    return trustMembers(await store.read(), purpose, await (store.trustMembers?.() ?? everyStored));
  };

  return {
    trustEnvironment: async ({ purpose }) => {
      const held = await members(purpose);
      // Issue 17: THINCERT_CLIENT_CERT/KEY join while the device has a valid identity.
      const variables = { ...trustEnvironment(store.dir, purpose), ...(await identityEnvironment(store.dir, deps.clock.now())) };
      return { variables, members: held.length, unexpressible: unexpressiblePins(held) };
    },
    rsyslogConfig: async () => {
      const logServer = deps.state.logServer();
      if (logServer === null) throw new ThinCertError('no-log-server', 'No log server is set: thincert config set logServer HOST:PORT.');
      const parsed = parseHostPort(logServer);
      if (!parsed.ok) throw new ThinCertError('setting-invalid', `The log server '${logServer}' is not HOST:PORT.`, { key: 'logServer', value: logServer });
      const port = parsed.port ?? DEFAULT_PORTS.logServer;
      // The bundle's members under the rule in force, so the auth mode matches the CA file.
      const identity = await currentIdentityFiles(store.dir, deps.clock.now());
      const snippet = rsyslogSnippet({ host: parsed.host, port, caFile: bundlePath(store.dir, 'logServer'), stored: await members('logServer'), identity });
      return { server: `${parsed.host}:${port}`, authMode: snippet.authMode, config: snippet.text, warnings: snippet.warnings };
    },
  };
}
