/**
 * The trust engine's channels: `check` a live server, `verifyChain` a chain no
 * server presented (issue 16), and — main-only — the distrust list and the
 * CRLs kept on the device, which decide what the engine trusts.
 */
import { revocationInForce } from '../revocation/in-force';
import type { Handlers, MainHandlers } from '../service';
import { fullFingerprint } from '../trust/distrust-list';
import type { HandlerDeps } from './deps';

type Deps = Pick<HandlerDeps, 'dataDir' | 'clock' | 'probes' | 'trust' | 'certificates' | 'distrust' | 'audit'>;

export function checkHandlers(deps: Deps): Pick<Handlers, 'check' | 'verifyChain'> {
  return {
    check: deps.probes.limited(async (request) => {
      // Loaded on first use: the TLS stack is a good part of the CLI's start-up (issue 8).
      const { checkServer } = await import('../trust/check');
      return checkServer(request, await deps.trust.deps());
    }),
    /** Issue 16: the judge of `check` on a chain no server presented; changes nothing. */
    verifyChain: async (request) => {
      const { verifyChainRequest } = await import('../trust/verify-request');
      return verifyChainRequest(request, { ...(await deps.trust.deps()), previewed: (id) => deps.certificates.previewed(id) });
    },
  };
}

export function trustListHandlers(deps: Deps): Pick<MainHandlers, 'verifyBatch' | 'distrustAdd' | 'distrustList' | 'distrustRemove' | 'crlAdd' | 'crlList'> {
  return {
    verifyBatch: async (request) => {
      const { verifyBatch } = await import('../trust/verify-batch');
      return verifyBatch(request, await deps.trust.deps());
    },
    distrustAdd: async (request, call) => {
      if ('bytes' in request) return deps.distrust.add({ bytes: Buffer.from(request.bytes) }, call.actor);
      // A whole SHA-256 names a certificate not at hand; anything else is a file to read.
      if (fullFingerprint(request.target) !== null) return deps.distrust.add({ fingerprint: request.target }, call.actor);
      const { readCertificateFile } = await import('../x509/read-file');
      return deps.distrust.add({ bytes: await readCertificateFile(request.target) }, call.actor);
    },
    distrustList: async () => ({ certificates: await deps.distrust.list() }),
    distrustRemove: (request, call) => deps.distrust.remove(request.query, call.actor),
    crlAdd: async (request, call) => {
      // Loaded here: the CRL parser must not weigh on every command's start.
      const { keepCrl } = await import('../revocation/crl-store');
      const { crl, added } = await keepCrl(deps.dataDir, Buffer.from(request.bytes), deps.clock.now());
      if (added) {
        // Who made revocation stricter, and with which list, is worth a record like any change of trust.
        await deps.audit.append('setting-changed', call.actor, { key: 'crls', from: '-', to: `CRL of ${crl.issuer} (${crl.thisUpdate.toISOString()}, ${crl.revoked.size} revoked)` });
      }
      return { added, issuer: crl.issuer, thisUpdate: crl.thisUpdate.toISOString(), nextUpdate: crl.nextUpdate?.toISOString() ?? null, revoked: crl.revoked.size, id: crl.id };
    },
    crlList: async () => {
      const { listCrls } = await import('../revocation/crl-list');
      return { crls: await listCrls(deps.dataDir, (await revocationInForce(deps.dataDir)).policyCrls, deps.clock.now()) };
    },
  };
}
