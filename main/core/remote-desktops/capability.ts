/**
 * The remote desktops capability (issue 15): the named servers of the home
 * screen — the operator's on an unmanaged device, the policy's on a managed
 * one — and Connect with its trust decisions (kiosk-connect.ts).
 */
import type { RequestOf, ResponseOf } from '../../../app/channels';
import type { RemoteDesktop } from '../../../app/remote-desktop-channels';
import { ThinCertError } from '../errors';
import type { CallContext } from '../service';
import { unbracket } from '../probes/address';
import { newDesktopId, readDesktops, updateDesktops } from './desktop-file';
import { createKioskConnect, managedRefusal, type KioskConnectDeps } from './kiosk-connect';

export interface RemoteDesktopsDeps extends KioskConnectDeps {
  dataDir: string;
  /** The policy's list in managed mode (PROTOCOL.md §3 `remoteDesktops`, docs/policy.md). */
  policyDesktops(): Promise<{ name: string; host: string; port: number }[]>;
}

type Channel = 'remoteDesktops' | 'addRemoteDesktop' | 'editRemoteDesktop' | 'removeRemoteDesktop' | 'connectRdp' | 'trustAndConnect' | 'cancelConnect';
export type RemoteDesktopHandlers = { [C in Channel]: (request: RequestOf<C>, call: CallContext) => Promise<ResponseOf<C>> };

export function createRemoteDesktops(deps: RemoteDesktopsDeps): RemoteDesktopHandlers {
  const kiosk = createKioskConnect(deps);

  async function view(): Promise<ResponseOf<'remoteDesktops'>> {
    await deps.refresh();
    const mode = deps.managed();
    if (mode.managed) {
      const desktops = (await deps.policyDesktops()).map((d, index) => ({ id: `policy-${index}`, name: d.name, host: d.host, port: d.port }));
      return { desktops, managed: true, adminContact: mode.adminContact };
    }
    return { desktops: await readDesktops(deps.dataDir), managed: false, adminContact: null };
  }

  /** A managed device's list is the policy's: nothing typed here may change it (refusal `managed`). */
  async function change(edit: (list: RemoteDesktop[]) => RemoteDesktop[]): Promise<ResponseOf<'remoteDesktops'>> {
    await deps.refresh();
    const mode = deps.managed();
    if (mode.managed) throw managedRefusal(mode.adminContact);
    await updateDesktops(deps.dataDir, edit);
    return view();
  }

  return {
    remoteDesktops: view,
    addRemoteDesktop: (request) => change((list) => [...refuseDuplicate(list, request.name, null), { id: newDesktopId(), ...request, host: unbracket(request.host) }]),
    editRemoteDesktop: (request) =>
      change((list) => {
        const { id, ...fields } = request;
        if (!list.some((d) => d.id === id)) throw unknownDesktop();
        return refuseDuplicate(list, fields.name, id).map((d) => (d.id === id ? { id, ...fields, host: unbracket(fields.host) } : d));
      }),
    removeRemoteDesktop: (request) =>
      change((list) => {
        if (!list.some((d) => d.id === request.id)) throw unknownDesktop();
        return list.filter((d) => d.id !== request.id);
      }),
    // One spelling of a host: FreeRDP's /v: and the pins' servers add brackets themselves.
    connectRdp: (request, call) => kiosk.connect(unbracket(request.host), request.port, call.actor),
    trustAndConnect: (request, call) => kiosk.trustAndConnect(request.connectId, request.fingerprint, call.actor),
    cancelConnect: async (request) => {
      kiosk.cancel(request.connectId);
      return {};
    },
  };
}

function unknownDesktop(): ThinCertError {
  return new ThinCertError('desktop-unknown', 'That remote desktop is no longer in the list; nothing was changed.');
}

/** Two entries of one name could not be told apart on the home screen. */
function refuseDuplicate(list: RemoteDesktop[], name: string, except: string | null): RemoteDesktop[] {
  const taken = list.some((d) => d.id !== except && d.name.toLocaleLowerCase() === name.toLocaleLowerCase());
  if (taken) throw new ThinCertError('desktop-name-taken', `A remote desktop named "${name}" is already in the list.`, { name });
  return list;
}
