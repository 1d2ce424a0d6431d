/**
 * The management capability's channels (PROTOCOL.md §1–§4): preview, enroll
 * (and, main-only, moving to another server), sync, replace, status. Each
 * change goes through `changes.trust`: the store and the management state are
 * compared before and after, whichever module changed them.
 */
import type { RequestOf } from '../../../app/channels';
import { viewOfDetails } from '../certificates/view';
import { detailsOf } from '../x509/details';
import type { EnrollRequest } from '../management/client';
import type { Handlers, MainHandlers } from '../service';
import type { HandlerDeps } from './deps';

type Deps = Pick<HandlerDeps, 'management' | 'changes' | 'probes' | 'clock'>;

/** The one builder of what the management client enrolls with, from a channel's request. */
function enrollRequest(request: RequestOf<'enroll'>, moveFrom?: { host: string; port: number }): EnrollRequest {
  return {
    host: request.host,
    ...(request.port ? { port: request.port } : {}),
    ...(request.connectTo ? { connectTo: request.connectTo } : {}),
    acceptFingerprint: request.fingerprint,
    ...(request.deviceId ? { deviceId: request.deviceId } : {}),
    ...(moveFrom ? { moveFrom } : {}),
  };
}

export function managementHandlers(deps: Deps): Pick<Handlers, 'managementPreview' | 'enroll' | 'sync' | 'replace' | 'managementStatus'> {
  const { management, changes } = deps;
  return {
    managementPreview: deps.probes.limited(async (request) => {
      const presented = await management.previewServer(request);
      return viewOfDetails(detailsOf(presented.der), deps.clock.now());
    }),
    enroll: (request, call) => changes.trust(call.actor, () => management.enroll(enrollRequest(request))),
    sync: (_request, call) => changes.trust(call.actor, () => management.sync()),
    replace: (request, call) => changes.trust(call.actor, () => management.replace(request.code)),
    managementStatus: () => management.status(),
  };
}

/**
 * Issue 13: moving an enrolled device to another management server. Main-only,
 * so neither the renderer nor the web host can reach it; the CLI calls it when
 * the administrator names the current server.
 */
export function enrollmentMoveHandlers(deps: Deps): Pick<MainHandlers, 'moveEnrollment'> {
  return {
    moveEnrollment: ({ moveFrom, ...request }, call) => deps.changes.trust(call.actor, () => deps.management.enroll(enrollRequest(request, moveFrom))),
  };
}
