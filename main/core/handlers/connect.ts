/**
 * Connections that obey ThinCert (issue 15): the kiosk's named remote desktops
 * and Connect, and — main-only — the CLI's `connect rdp` session. Both judge
 * through `check`, record the verdict in the trail and pin FreeRDP to the
 * judged leaf; trusting a new server goes through `changes.certificates`.
 */
import type { EventPayload } from '../../../app/channels';
import { connectRdp, type ConnectRdpService } from '../connect/connect-rdp';
import { createRemoteDesktops, type RemoteDesktopHandlers } from '../remote-desktops/capability';
import { policyDesktops } from '../remote-desktops/policy-desktops';
import type { Handler, MainHandlers } from '../service';
import type { HandlerDeps } from './deps';

type Deps = Pick<HandlerDeps, 'dataDir' | 'store' | 'clock' | 'state' | 'changes' | 'audit' | 'events'>;

export interface ConnectDeps extends Deps {
  /** The Service's `check`, as its callers reach it (the probe limit included). */
  check: Handler<'check'>;
  /** FreeRDP's environment for kiosk sessions (DISPLAY, PATH, THINCERT_FREERDP…). */
  env: NodeJS.ProcessEnv;
  sessionEnded(payload: EventPayload<'rdpSessionEnded'>): void;
}

export function connectHandlers(deps: ConnectDeps): RemoteDesktopHandlers & Pick<MainHandlers, 'rdpSession'> {
  // A verdict recorded is a change of the trail: the History screen hears of it once.
  const audit: ConnectRdpService['audit'] = {
    append: async (...record) => {
      const appended = await deps.audit.append(...record);
      deps.events.storeChanged();
      return appended;
    },
  };
  const service: ConnectRdpService = { check: deps.check, audit };
  const remoteDesktops = createRemoteDesktops({
    dataDir: deps.dataDir,
    store: deps.store,
    clock: deps.clock,
    env: deps.env,
    refresh: () => deps.state.refresh(),
    managed: () => ({ managed: deps.state.mode().managed, adminContact: deps.state.mode().adminContact }),
    audited: (actor, change) => deps.changes.certificates(actor, change),
    service,
    sessionEnded: deps.sessionEnded,
    policyDesktops: () => policyDesktops(deps.dataDir),
  });
  return {
    ...remoteDesktops,
    rdpSession: ({ output, env, ...request }, call) => connectRdp(service, { ...request, env, actor: call.actor }, output),
  };
}
