/**
 * Whether this Node can let OpenSSL end a path at a non-self-signed trust
 * anchor (X509_V_FLAG_PARTIAL_CHAIN, exposed as `allowPartialTrustChain`).
 * It arrived in Node 22.9 and was backported to the 20.x line late (20.20 has
 * it, older 20.x do not). An unknown option is silently ignored by
 * tls.connect, so the option itself proves nothing: we look for the native
 * SecureContext method the option calls.
 */
import { createSecureContext } from 'node:tls';

interface NativeContextHolder {
  context?: { setAllowPartialTrustChain?: unknown };
}

let cached: boolean | undefined;

export function supportsPartialTrustChain(): boolean {
  if (cached === undefined) {
    const holder = createSecureContext({ ca: [] }) as unknown as NativeContextHolder;
    cached = typeof holder.context?.setAllowPartialTrustChain === 'function';
  }
  return cached;
}
