/**
 * Device settings (CLI.md `config`): the kiosk reads them and sets two; the
 * CLI (main-only `configGet`/`configSet`) every key. A setting that decides
 * what is trusted (the log server, a trust level, a revocation mode) is a
 * change of trust, so it is recorded; each is refused where the policy sets it.
 */
import { ThinCertError } from '../errors';
import { readRecord } from '../management/state';
import { parseRevocationSetting } from '../revocation/modes';
import { policyRevocation } from '../revocation/in-force';
import type { Actor, Handlers, MainHandlers } from '../service';
import { parseSettingValue, readSettings, writeRevocation, writeSetting, writeTrustLevel, type SettingKey, type Settings } from '../settings/settings';
import { parseTrustLevelSetting } from '../trust/trust-level';
import { policyLevel, trustLevelView } from '../trust/rules-in-force';
import type { HandlerDeps } from './deps';
import type { SettingChange } from './mutation';

type Deps = Pick<HandlerDeps, 'dataDir' | 'state' | 'changes'>;

export function settingsHandlers(deps: Deps): Pick<Handlers, 'settings' | 'setSetting'> & Pick<MainHandlers, 'configGet' | 'configSet'> {
  const { dataDir, state } = deps;

  const settingsView = async () => ({
    logServer: state.logServer(),
    expiringDays: state.settings().expiringDays,
    mediaDirs: state.settings().mediaDirs,
    managedKeys: state.mode().managed && state.mode().logServer ? ['logServer'] : [],
    // Issue 16 §3: the purpose screens show the level in force and whether the policy set it.
    ...(await trustLevelView(dataDir)),
  });

  /** Validated with the CLI's rules; refused in managed mode where the policy sets the key (CLI.md). */
  const change = (key: SettingKey, raw: string): SettingChange => {
    switch (key) {
      case 'logServer':
        return { key, current: (read) => read.logServer, write: () => writeSetting(dataDir, 'logServer', parseSettingValue('logServer', raw) as string | null), audited: true };
      case 'trustLevel': {
        // Issue 16 §3: a change of what may make a server trusted is a change of trust.
        const { purpose, level } = parseTrustLevelSetting(raw);
        return { key: `trustLevel.${purpose}`, current: (read) => read.trustLevel[purpose], write: () => writeTrustLevel(dataDir, purpose, level), audited: true };
      }
      case 'revocation': {
        // Issue 16 §2: turning revocation checking down is a change of trust, so it is audited like the trust level.
        const { purpose, mode } = parseRevocationSetting(raw);
        return { key: `revocation.${purpose}`, current: (read) => read.revocation[purpose], write: () => writeRevocation(dataDir, purpose, mode), audited: true };
      }
      case 'expiringDays':
        return { key, current: (read) => read.expiringDays, write: () => writeSetting(dataDir, 'expiringDays', parseSettingValue('expiringDays', raw) as number), audited: false };
      case 'mediaDirs':
        return { key, current: (read) => read.mediaDirs, write: () => writeSetting(dataDir, 'mediaDirs', parseSettingValue('mediaDirs', raw) as string[]), audited: false };
    }
  };

  const refuseManagedSetting = async (key: SettingKey, raw: string): Promise<void> => {
    const admin = () => state.mode().adminContact?.name ?? 'the administrator';
    if (key === 'revocation') {
      const { purpose } = parseRevocationSetting(raw);
      const { policy } = await readRecord(dataDir);
      if (policyRevocation(policy, purpose) !== null) {
        const name = policy?.adminContact?.name ?? 'the administrator';
        throw new ThinCertError('managed', `Revocation checking for ${purpose} is set by the policy of ${name}.`, { admin: name });
      }
    }
    if (key === 'trustLevel') {
      const { purpose } = parseTrustLevelSetting(raw);
      if (policyLevel((await readRecord(dataDir)).policy, purpose) !== null) {
        throw new ThinCertError('managed', `The trust level of ${purpose} is set by the policy of ${admin()}.`, { admin: admin() });
      }
    }
    if (state.mode().managed && key === 'logServer' && state.mode().logServer !== null) {
      throw new ThinCertError('managed', `The log server is set by the policy of ${admin()}.`, { admin: admin() });
    }
  };

  const setSetting = async (key: SettingKey, raw: string, actor: Actor): Promise<Settings> => {
    await refuseManagedSetting(key, raw);
    return deps.changes.setting(actor, change(key, raw));
  };

  return {
    settings: () => settingsView(),
    setSetting: async (request, call) => {
      await setSetting(request.key, request.value, call.actor);
      return settingsView();
    },
    configGet: () => readSettings(dataDir),
    // app/'s CONFIG_KEYS must be settings keys: one missing here fails the typecheck.
    configSet: (request, call) => setSetting(request.key, request.value, call.actor),
  };
}
