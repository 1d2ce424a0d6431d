/** The `verifyChain` channel: its request turned into a VerifyRequest (pasted PEM or a held preview) and judged. */
import type { RequestOf, ResponseOf } from '../../../app/channels';
import { parseIsoTime } from '../../../app/verify-channels';
import { certificateDers } from '../x509/parse';
import { verifyChain, type VerifyDeps } from './verify-chain';
import { whatIfStore } from './verify-anchors';

export interface VerifyChannelDeps extends VerifyDeps {
  /** The certificates of a held preview (certificates/capability.ts); refuses an unknown id. */
  previewed(previewId: string): Buffer[];
}

export function verifyChainRequest(request: RequestOf<'verifyChain'>, deps: VerifyChannelDeps): Promise<ResponseOf<'verifyChain'>> {
  const chain = 'previewId' in request ? deps.previewed(request.previewId) : certificateDers(Buffer.from(request.chainPem, 'utf8'));
  const anchors = 'anchorsPem' in request && request.anchorsPem !== undefined ? certificateDers(Buffer.from(request.anchorsPem, 'utf8')) : null;
  return verifyChain(
    {
      purpose: request.purpose,
      chain,
      name: request.name === undefined ? null : serverName(request.name),
      at: request.at === undefined ? null : parseIsoTime(request.at),
      anchors: anchors === null ? null : whatIfStore(anchors, request.purpose),
    },
    deps,
  );
}

/** "[::1]" is how an IPv6 name is written on a command line; the certificate holds the address itself. */
export function serverName(name: string): string {
  return name.replace(/^\[(.*)\]$/, '$1');
}
