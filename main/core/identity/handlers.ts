/**
 * Issue 17: the identity channels over the identity capability, the CLI's
 * main-only import of PKCS#12 bytes, and the background renewal a
 * long-running host starts (like the policy sync).
 */
import type { Handlers, MainHandlers } from '../service';
import { ThinCertError } from '../errors';
import { createIdentity, type IdentityDeps } from './capability';

type IdentityChannel = 'identityShow' | 'identityCaPreview' | 'identityEnroll' | 'identityRenew' | 'identityImport' | 'identityRemove';

/** How often the background looks at the renewal window and a PENDING request. */
export const DEFAULT_IDENTITY_TICK_MS = 60_000;

export function identityHandlers(deps: IdentityDeps) {
  const identity = createIdentity(deps);
  const handlers: Pick<Handlers, IdentityChannel> & Pick<MainHandlers, 'identityImportBytes'> = {
    identityShow: () => identity.view(),
    identityCaPreview: (request) => identity.caPreview(request.scepUrl),
    identityEnroll: (request, call) => identity.enroll(request, call.actor),
    identityRenew: (request, call) => identity.renew(call.actor, request.challenge ?? null),
    identityImport: (request, call) => identity.importFromMedia(request.path, request.password, call.actor),
    identityRemove: (_request, call) => identity.remove(call.actor),
    identityImportBytes: (request, call) => identity.importPkcs12(request.bytes, request.password, call.actor),
  };
  return {
    handlers,
    /** Renewal at the window, retries, PENDING polls; returns the stop. */
    startBackground(intervalMs = DEFAULT_IDENTITY_TICK_MS): { stop(): void } {
      let running = false;
      const tick = async () => {
        if (running) return;
        running = true;
        try {
          await identity.tick();
        } catch (error) {
          // Failures are in the identity's lastError and the trail; a bug is not.
          if (!(error instanceof ThinCertError)) console.error('thincert: identity renewal failed:', error);
        } finally {
          running = false;
        }
      };
      void tick();
      const timer = setInterval(() => void tick(), intervalMs);
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
  };
}
