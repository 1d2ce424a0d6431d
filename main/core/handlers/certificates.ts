/**
 * The certificates capability's channels: list, show, add (a preview, pasted
 * text, a server's chain, or the CLI's bytes), remove, export. Every change
 * goes through `changes.certificates` (audited, one event).
 */
import { createCertificates, refuseManaged } from '../certificates/capability';
import type { Clock } from '../clock';
import type { CertStore } from '../store/types';
import type { ServiceState } from './state';
import { readCertificateFile } from '../x509/read-file';
import { parseCertificates } from '../x509/parse';
import { serverKey } from '../remote-desktops/server-pins';
import { writeFileDurable } from '../store/durable-file';
import { parseOnlyFor } from '../trust/constrained-anchor';
import { limitingAnchors } from '../trust/constrained-anchor-store';
import { withPolicyLimits } from '../trust/trust-rules';
import type { Handlers, MainHandlers } from '../service';
import type { Certificates, HandlerDeps } from './deps';

type Deps = Pick<HandlerDeps, 'certificates' | 'certificatesWith' | 'guardedStore' | 'changes' | 'state' | 'trust' | 'fetches' | 'probes' | 'audit' | 'events'>;

export function certificateHandlers(deps: Deps): Pick<Handlers, 'list' | 'show' | 'preview' | 'add' | 'remove' | 'exportBundle' | 'mediaFiles' | 'fetchChain' | 'confirmFetch'> {
  const { certificates, changes, fetches } = deps;
  return {
    list: async (request) => {
      const page = await certificates.list(request);
      return { ...page, certificates: withPolicyLimits(page.certificates, await deps.trust.rules()) };
    },
    show: async (request) => {
      const shown = await certificates.show(request);
      const [limited = shown] = withPolicyLimits([shown], await deps.trust.rules());
      return limited;
    },
    preview: (request) => certificates.preview(request),
    add: (request, call) => changes.certificates(call.actor, () => certificates.add(request)),
    remove: (request, call) => changes.certificates(call.actor, () => certificates.remove(request)),
    exportBundle: (request) => certificates.exportBundle(request),
    mediaFiles: () => certificates.mediaFiles(),
    fetchChain: deps.probes.limited(async (request) => {
      // Nothing is read from a server for a purpose the policy decides: it could not be stored.
      refuseManaged(deps.state.managedBy, request.purpose);
      const fetched = await fetches.fetch(request);
      const warnings = await certificates.chainWarnings(request.purpose, fetched.presented.map((p) => p.details));
      return { host: fetched.host, port: fetched.port, chain: fetched.chain, fetchId: fetched.fetchId, warnings };
    }),
    confirmFetch: async (request, call) => {
      refuseManaged(deps.state.managedBy, fetches.peek(request.fetchId).purpose);
      return fetches.confirm(request.fetchId, request.fingerprint, (fetched, chosen) =>
        changes.certificates(call.actor, () => certificates.addParsed(fetched.purpose, [chosen], 'manual', request.label ?? null, serverKey(fetched.host, fetched.port))),
      );
    },
  };
}

/** What the CLI reads and writes itself (files, stdin): main-only, so the renderer never names a path of its own. */
export function certificateFileHandlers(deps: Deps): Pick<MainHandlers, 'readFile' | 'addBytes' | 'exportToFile'> {
  const { certificates, changes } = deps;
  return {
    readFile: async (request) => ({ bytes: await readCertificateFile(request.path) }),
    addBytes: async (request, call) => {
      const bytes = Buffer.from(request.bytes);
      const label = request.label ?? null;
      if (request.onlyFor === undefined) return changes.certificates(call.actor, () => certificates.addBytes(request.purpose, bytes, label));
      const onlyFor = parseOnlyFor(request.onlyFor);
      // Issue 16 §3: the name limit is written in the same store update as the certificates (all or nothing).
      const fingerprints = new Set(parseCertificates(bytes).map((parsed) => parsed.details.fingerprint));
      const limited = deps.certificatesWith(limitingAnchors(deps.guardedStore, request.purpose, fingerprints, onlyFor));
      const result = await changes.certificates(call.actor, () => limited.addBytes(request.purpose, bytes, label));
      await deps.audit.append('anchor-limited', call.actor, { purpose: request.purpose, fingerprints: [...fingerprints], onlyFor: [...onlyFor] });
      return result;
    },
    exportToFile: async (request) => {
      const { pem, count } = await certificates.exportBundle({ purpose: request.purpose });
      await writeFileDurable(request.path, pem, { mode: 0o644 });
      return { count };
    },
  };
}

/** The certificates capability over a store, with the settings and managed mode of the last refresh. */
export function certificatesOver(clock: Clock, state: ServiceState): (store: CertStore) => Certificates {
  return (store) =>
    createCertificates({
      store,
      clock,
      get mediaDirs() {
        return state.settings().mediaDirs;
      },
      managedBy: state.managedBy,
      expiringDays: () => state.settings().expiringDays,
    });
}
