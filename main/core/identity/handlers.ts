/**
 * Issue 17: the identity channels. The contract (app/identity.ts) lands first
 * so the kiosk screen and the core are built against one shape; until the
 * SCEP core lands every call answers `identity-unavailable`, and nothing
 * reaches the store.
 */
import type { Handlers } from '../service';
import { ThinCertError } from '../errors';

type IdentityChannel = 'identityShow' | 'identityCaPreview' | 'identityEnroll' | 'identityRenew' | 'identityImport' | 'identityRemove';

export function identityHandlers(): Pick<Handlers, IdentityChannel> {
  const unavailable = async (): Promise<never> => {
    throw new ThinCertError('identity-unavailable', 'This device certificate is not available in this build.');
  };
  return {
    identityShow: unavailable,
    identityCaPreview: unavailable,
    identityEnroll: unavailable,
    identityRenew: unavailable,
    identityImport: unavailable,
    identityRemove: unavailable,
  };
}
