/** `status`: the home screen's and `thincert status`'s one look at every capability. */
import { deliveryStatus } from '../audit/delivery-state';
import type { Handler, Handlers } from '../service';
import { statusIdentity } from '../status-identity';
import type { HandlerDeps } from './deps';

type Deps = Pick<HandlerDeps, 'dataDir' | 'certificates' | 'management' | 'delivery' | 'state'> & { identityShow: Handler<'identityShow'> };

export function statusHandlers(deps: Deps): Pick<Handlers, 'status'> {
  return {
    status: async (_request, call) => {
      const [{ counts, expiring }, management, logDelivery, identity] = await Promise.all([
        deps.certificates.countsAndExpiring(),
        deps.management.status(),
        deliveryStatus(deps.delivery, deps.state.logServer()),
        statusIdentity(() => deps.identityShow({}, call)),
      ]);
      return {
        dataDir: deps.dataDir,
        mode: deps.state.mode().managed ? 'managed' : 'unmanaged',
        counts,
        expiring,
        management,
        logDelivery: { server: logDelivery.server, state: logDelivery.state, waiting: logDelivery.waiting, lastAttempt: logDelivery.lastAttempt, lastError: logDelivery.lastError },
        identity,
      };
    },
  };
}
