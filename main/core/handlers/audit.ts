/**
 * The audit trail's channels (issue 10): the History screen's list, delivery
 * to the log server now, and — main-only — the trail as `audit` reads and
 * verifies it.
 */
import type { Handlers, MainHandlers } from '../service';
import type { HandlerDeps } from './deps';

type Deps = Pick<HandlerDeps, 'audit' | 'delivery' | 'state'>;

/** Delivers the backlog to the log server in force now; the background forwarder sends the same way. */
export async function sendBacklogNow(deps: Deps) {
  const { sendBacklog } = await import('../audit/forwarder');
  return sendBacklog(deps.delivery, deps.state.logServer());
}

export function auditHandlers(deps: Deps): Pick<Handlers, 'auditList' | 'sendAudit'> {
  return {
    auditList: async (request) => {
      const records = await deps.audit.read(0);
      const newestFirst = records.reverse();
      return { records: newestFirst.slice(0, request.limit ?? 1000), total: records.length };
    },
    sendAudit: () => sendBacklogNow(deps),
  };
}

export function auditTrailHandlers(deps: Deps): Pick<MainHandlers, 'auditRead' | 'auditVerify'> {
  return {
    auditRead: async (request) => ({ records: await deps.audit.read(request.since) }),
    auditVerify: () => deps.audit.verify(),
  };
}
