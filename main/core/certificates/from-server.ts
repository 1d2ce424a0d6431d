/**
 * "Add from a server" (issue 5): read the presented chain, show it, and pin the
 * leaf only once the operator confirmed its SHA-256. Between the two steps the
 * chain is held here by an unguessable id, so the renderer never sends a
 * certificate of its own making to be pinned.
 */
import { randomBytes } from 'node:crypto';
import type { Purpose } from '../../../app/purposes';
import type { Certificate, CertificateDetails } from '../../../app/schemas';
import type { Clock } from '../clock';
import { ThinCertError } from '../errors';
import { detailsOf } from '../certs/details';
import { certificateWeaknesses } from '../certs/weaknesses';
import type { ServerTarget } from '../trust/check';
import { viewOfDetails } from './view';

const FETCH_TTL_MS = 10 * 60_000;

export interface FetchedChain {
  purpose: Purpose;
  host: string;
  port: number;
  leaf: { der: Buffer; details: CertificateDetails };
  chain: Certificate[];
}

export function normaliseHex(fingerprint: string): string {
  return fingerprint.replace(/[\s:]/g, '').toUpperCase();
}

export function createServerFetches(clock: Clock) {
  const pending = new Map<string, FetchedChain & { expires: number }>();

  function sweep(): void {
    const now = clock.now().getTime();
    for (const [id, entry] of pending) if (entry.expires < now) pending.delete(id);
  }

  return {
    async fetch(target: ServerTarget): Promise<FetchedChain & { fetchId: string }> {
      const { fetchServerChain } = await import('../trust/check');
      const server = await fetchServerChain(target);
      const first = server.chain[0];
      if (!first) throw new ThinCertError('no-certificate', `${target.host}:${server.port} presented no certificate.`);
      const now = clock.now();
      const parsed = server.chain.map((der) => ({ der, details: detailsOf(der) }));
      const leaf = parsed[0] as { der: Buffer; details: CertificateDetails };
      const fetched: FetchedChain = {
        purpose: target.purpose,
        host: target.host,
        port: server.port,
        leaf,
        chain: parsed.map((p) => viewOfDetails(p.details, now)),
      };
      sweep();
      const fetchId = randomBytes(18).toString('base64url');
      pending.set(fetchId, { ...fetched, expires: now.getTime() + FETCH_TTL_MS });
      return { ...fetched, fetchId };
    },

    async peek(fetchId: string): Promise<FetchedChain | undefined> {
      sweep();
      return pending.get(fetchId);
    },

    /** The confirmed leaf, once its fingerprint matches what the operator read. */
    take(fetchId: string, fingerprint: string): FetchedChain {
      sweep();
      const entry = pending.get(fetchId);
      if (!entry) throw new ThinCertError('fetch-expired', 'That server answer is no longer known: read the server again.');
      confirmLeaf(entry.leaf, fingerprint);
      pending.delete(fetchId);
      return entry;
    },
  };
}

/** Refuses to pin unless the operator's fingerprint is the leaf's, and the leaf is fit to trust. */
export function confirmLeaf(leaf: { der: Buffer; details: CertificateDetails }, fingerprint: string): void {
  if (normaliseHex(fingerprint) !== normaliseHex(leaf.details.fingerprint)) {
    throw new ThinCertError(
      'fingerprint-mismatch',
      `The fingerprint given does not match the server's certificate (${leaf.details.fingerprint}); nothing was added.`,
      { expected: leaf.details.fingerprint },
    );
  }
  const weaknesses = certificateWeaknesses(leaf.der, leaf.details);
  const first = weaknesses[0];
  if (first) throw first;
}
