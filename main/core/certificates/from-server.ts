/**
 * "Add from a server" (issue 5): read the presented chain, show it, and store
 * the certificate the operator chose only once they confirmed its SHA-256.
 * The leaf becomes a pin; a CA of the chain becomes an anchor (servers it
 * issued are then trusted by name). Between the two steps the chain is held
 * here by an unguessable id (held.ts), so the renderer never sends a
 * certificate of its own making to be stored.
 */
import type { Purpose } from '../../../app/purposes';
import type { Certificate, CertificateDetails } from '../../../app/schemas';
import type { Clock } from '../clock';
import { ThinCertError } from '../errors';
import { detailsOf } from '../x509/details';
import { certificateWeaknesses } from '../x509/weaknesses';
import type { ServerTarget } from '../trust/check';
import { createHeld } from './held';
import { viewOfDetails } from './view';

export interface PresentedCertificate {
  der: Buffer;
  details: CertificateDetails;
}

export interface FetchedChain {
  purpose: Purpose;
  host: string;
  port: number;
  leaf: PresentedCertificate;
  /** Every certificate presented, leaf first, as read. */
  presented: PresentedCertificate[];
  chain: Certificate[];
}

export function normaliseHex(fingerprint: string): string {
  return fingerprint.replace(/[\s:]/g, '').toUpperCase();
}

export function createServerFetches(clock: Clock) {
  const held = createHeld<FetchedChain>(clock, {
    unknown: () => new ThinCertError('fetch-expired', 'That server answer is no longer known: read the server again.'),
  });

  return {
    async fetch(target: ServerTarget): Promise<FetchedChain & { fetchId: string }> {
      const { fetchServerChain } = await import('../trust/check');
      const server = await fetchServerChain(target);
      if (server.chain.length === 0) throw new ThinCertError('no-certificate', `${target.host}:${server.port} presented no certificate.`);
      const now = clock.now();
      const presented = server.chain.map((der) => ({ der, details: detailsOf(der) }));
      const fetched: FetchedChain = {
        purpose: target.purpose,
        host: target.host,
        port: server.port,
        leaf: presented[0] as PresentedCertificate,
        presented,
        chain: presented.map((p) => viewOfDetails(p.details, now)),
      };
      return { ...fetched, fetchId: held.hold(fetched) };
    },

    /** The held chain; refuses an unknown, expired or pushed-out id. */
    peek(fetchId: string): FetchedChain {
      return held.get(fetchId);
    },

    /** Stores the confirmed certificate of a held chain; the chain is forgotten once it is stored. */
    async confirm<R>(fetchId: string, fingerprint: string, store: (fetched: FetchedChain, chosen: PresentedCertificate) => Promise<R>): Promise<R> {
      const fetched = held.get(fetchId);
      const result = await store(fetched, chooseFromChain(fetched, fingerprint));
      held.release(fetchId);
      return result;
    },
  };
}

/**
 * The presented certificate the operator confirmed by its fingerprint: the
 * leaf (to pin) or a CA of the chain (an anchor). Refused when it matches none,
 * when it is an intermediate that is no CA, or when it is too weak to trust.
 */
export function chooseFromChain(fetched: Pick<FetchedChain, 'presented'>, fingerprint: string): PresentedCertificate {
  const wanted = normaliseHex(fingerprint);
  const index = fetched.presented.findIndex((p) => normaliseHex(p.details.fingerprint) === wanted);
  const chosen = fetched.presented[index];
  const leaf = fetched.presented[0];
  if (!chosen || !leaf) {
    throw new ThinCertError(
      'fingerprint-mismatch',
      `The fingerprint given does not match any certificate the server presented (its own is ${leaf?.details.fingerprint ?? 'missing'}); nothing was added.`,
      { expected: leaf?.details.fingerprint ?? '' },
    );
  }
  if (index > 0 && !chosen.details.isCA) {
    throw new ThinCertError(
      'chosen-not-ca',
      `"${chosen.details.subject}" is neither the server's own certificate nor a certificate authority; nothing was added.`,
      { subject: chosen.details.subject },
    );
  }
  const first = certificateWeaknesses(chosen.der, chosen.details)[0];
  if (first) throw first;
  return chosen;
}
