/**
 * The certificates capability: list, show, preview, add, remove, export and the
 * media listing. Every change goes through CertStore.update, so it is atomic,
 * durable and serialised with every other process (the app and CLIs).
 */
import type { Purpose } from '../../../app/purposes';
import type { Certificate, CertificateDetails, CertificateInput, CertSource, Warning } from '../../../app/schemas';
import type { RequestOf, ResponseOf } from '../../../app/channels';
import { ThinCertError } from '../errors';
import type { Clock } from '../clock';
import type { CertStore, StoreState, StoredCertificate } from '../store/types';
import { parseCertificates } from '../x509/parse';
import { findByFingerprint } from './find';
import { storedIssuers } from './stored-chain';
import { listMediaFiles, readFromMedia } from './media';
import { createHeld } from './held';
import { addWarnings } from './warnings';
import { byRisk, cachedViewOfStored, pemOf, statusOf, viewOfDetails, viewOfStored } from './view';

export interface ParsedInput {
  der: Buffer;
  details: CertificateDetails;
}

/** Answers whether the policy manages this purpose now (managed mode, issue 7); null when not. */
export type ManagedBy = (purpose: Purpose) => string | null;

export interface CertificatesDeps {
  store: CertStore;
  clock: Clock;
  mediaDirs: readonly string[];
  managedBy: ManagedBy;
  expiringDays: () => number;
}

/** In managed mode only policy certificates count for rdp, broker and logServer (ARCHITECTURE.md rule 4). */
export function counts(cert: StoredCertificate, purpose: Purpose, managedBy: ManagedBy): boolean {
  if (!cert.purposes.includes(purpose)) return false;
  return managedBy(purpose) === null || cert.source === 'policy';
}

/** Refuses a manual change to a purpose the policy manages, naming who manages it. */
export function refuseManaged(managedBy: ManagedBy, purpose: Purpose | undefined): void {
  const admin = purpose ? managedBy(purpose) : null;
  if (admin !== null) {
    throw new ThinCertError('managed', `These certificates are managed by ${admin}; ask them to change the policy.`, { admin });
  }
}

/** A preview as shown, held until the operator confirms it (held.ts): confirm stores exactly this. */
interface HeldPreview {
  purpose: Purpose;
  parsed: ParsedInput[];
}

export function createCertificates(deps: CertificatesDeps) {
  const now = () => deps.clock.now();
  const previews = createHeld<HeldPreview>(deps.clock, {
    unknown: () => new ThinCertError('preview-expired', 'That preview is no longer known: preview the certificate again.'),
  });

  async function parseInput(input: CertificateInput): Promise<ParsedInput[]> {
    if (input.kind === 'pem') return parseCertificates(Buffer.from(input.text, 'utf8'));
    return parseCertificates(await readFromMedia(input.path, deps.mediaDirs));
  }

  const refuseWhenManaged = (purpose: Purpose) => refuseManaged(deps.managedBy, purpose);

  const warningsFor = (purpose: Purpose, certificates: readonly CertificateDetails[], state: StoreState) =>
    addWarnings(purpose, certificates, state, now(), deps.expiringDays());

  /** `server` (`host:port`): where a leaf read from a server was accepted; the pin remembers it (issue 15). */
  async function addParsed(purpose: Purpose, parsed: ParsedInput[], source: CertSource, label: string | null, server?: string) {
    const addedAt = now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const result = await deps.store.update((state) => {
      const certificates = { ...state.certificates };
      const added: StoredCertificate[] = [];
      const alreadyPresent: string[] = [];
      for (const { der, details } of parsed) {
        const existing = certificates[details.fingerprint];
        const remembers = server !== undefined && !details.isCA;
        if (existing?.purposes.includes(purpose)) {
          // Already trusted; a server it was not yet remembered for is added (a pin without a list matches any).
          if (remembers && existing.servers && !existing.servers.includes(server)) {
            certificates[details.fingerprint] = { ...existing, servers: [...existing.servers, server] };
          }
          alreadyPresent.push(details.fingerprint);
          continue;
        }
        // An entry stored without a list matches any server already: a list would narrow it.
        const servers = existing ? existing.servers && remembers ? { servers: [...new Set([...existing.servers, server])] } : {} : remembers ? { servers: [server] } : {};
        const next: StoredCertificate = existing
          ? { ...existing, purposes: [...existing.purposes, purpose], label: existing.label ?? label, ...servers }
          : { fingerprint: details.fingerprint, der: der.toString('base64'), details, purposes: [purpose], source, label, addedAt, ...servers };
        certificates[details.fingerprint] = next;
        added.push(next);
      }
      const changed = added.length > 0 || Object.keys(certificates).some((key) => certificates[key] !== state.certificates[key]);
      return { state: changed ? { ...state, certificates } : null, result: { added, alreadyPresent } };
    });
    return { added: result.added.map((c) => viewOfStored(c, now(), deps.expiringDays())), alreadyPresent: result.alreadyPresent };
  }

  return {
    async list(request: RequestOf<'list'>): Promise<ResponseOf<'list'>> {
      const state = await deps.store.read();
      const days = deps.expiringDays();
      const at = now();
      const certificates: Certificate[] = [];
      for (const cert of Object.values(state.certificates)) {
        if (request.purpose && !cert.purposes.includes(request.purpose)) continue;
        certificates.push(cachedViewOfStored(cert, at, days));
      }
      certificates.sort(byRisk);
      const offset = request.offset ?? 0;
      const page = offset === 0 && request.limit === undefined ? certificates : certificates.slice(offset, request.limit === undefined ? undefined : offset + request.limit);
      return { certificates: page, total: certificates.length };
    },

    async show(request: RequestOf<'show'>): Promise<ResponseOf<'show'>> {
      const state = await deps.store.read();
      const cert = findByFingerprint(state, request.fingerprint);
      const chain = storedIssuers(cert, state).map((issuer) => cachedViewOfStored(issuer, now(), deps.expiringDays()));
      return { ...viewOfStored(cert, now(), deps.expiringDays()), pem: pemOf(cert.der), chain };
    },

    async preview(request: RequestOf<'preview'>): Promise<ResponseOf<'preview'>> {
      const parsed = await parseInput(request.input);
      const state = await deps.store.read();
      return {
        previewId: previews.hold({ purpose: request.purpose, parsed }),
        certificates: parsed.map((p) => viewOfDetails(p.details, now(), deps.expiringDays())),
        warnings: warningsFor(request.purpose, parsed.map((p) => p.details), state),
      };
    },

    /** Stores what a preview showed (the file is not read again), or pasted text as given. */
    async add(request: RequestOf<'add'>): Promise<ResponseOf<'add'>> {
      refuseWhenManaged(request.purpose);
      const label = request.label ?? null;
      if (!('previewId' in request)) return addParsed(request.purpose, await parseInput(request.input), 'manual', label);
      const held = previews.get(request.previewId);
      if (held.purpose !== request.purpose) {
        throw new ThinCertError('preview-other-purpose', `That preview was made for ${held.purpose}; preview the certificate again here.`, {
          purpose: held.purpose,
        });
      }
      const result = await addParsed(request.purpose, held.parsed, 'manual', label);
      previews.release(request.previewId);
      return result;
    },

    /** For the CLI's `add PURPOSE FILE|-`: bytes already read by the boundary. */
    async addBytes(purpose: Purpose, bytes: Buffer, label: string | null): Promise<ResponseOf<'add'>> {
      refuseWhenManaged(purpose);
      return addParsed(purpose, parseCertificates(bytes), 'manual', label);
    },

    addParsed,

    /** What adding each certificate of a server's chain would mean: the preview's warnings, from main only. */
    async chainWarnings(purpose: Purpose, chain: readonly CertificateDetails[]): Promise<Warning[]> {
      return warningsFor(purpose, chain, await deps.store.read());
    },

    /** The certificates a preview holds: `verifyChain` judges a previewed file without reading it again (issue 16). */
    previewed(previewId: string): Buffer[] {
      return previews.get(previewId).parsed.map((p) => p.der);
    },

    async remove(request: RequestOf<'remove'>): Promise<ResponseOf<'remove'>> {
      refuseWhenManaged(request.purpose);
      const result = await deps.store.update((state) => {
        const cert = findByFingerprint(state, request.fingerprint, (c) => c.purposes.includes(request.purpose));
        const certificates = { ...state.certificates };
        const purposes = cert.purposes.filter((p) => p !== request.purpose);
        if (purposes.length === 0) delete certificates[cert.fingerprint];
        else certificates[cert.fingerprint] = { ...cert, purposes };
        return { state: { ...state, certificates }, result: { fingerprint: cert.fingerprint, removedFromStore: purposes.length === 0 } };
      });
      return result;
    },

    async exportBundle(request: RequestOf<'exportBundle'>): Promise<ResponseOf<'exportBundle'>> {
      const state = await deps.store.read();
      const certs = Object.values(state.certificates)
        .filter((c) => counts(c, request.purpose, deps.managedBy))
        .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
      return { pem: certs.map((c) => pemOf(c.der)).join(''), count: certs.length };
    },

    async mediaFiles(): Promise<ResponseOf<'mediaFiles'>> {
      return listMediaFiles(deps.mediaDirs);
    },

    async countsAndExpiring(): Promise<{ counts: Record<Purpose, number>; expiring: Certificate[] }> {
      const state = await deps.store.read();
      const result = { ksc: 0, rdp: 0, broker: 0, logServer: 0 };
      const expiring: Certificate[] = [];
      const at = now();
      const days = deps.expiringDays();
      for (const cert of Object.values(state.certificates)) {
        let counted = false;
        for (const purpose of cert.purposes) {
          if (counts(cert, purpose, deps.managedBy)) {
            result[purpose]++;
            counted = true;
          }
        }
        if (!counted) continue;
        // Only the status is needed to choose; a view is built (and kept) for the few shown. Building
        // 1,000 views on every status was most of its cost, and status is read after every change (issue 14).
        const { status } = statusOf(cert.details, at, days);
        if (status === 'expiring' || status === 'expired') expiring.push(cachedViewOfStored(cert, at, days));
      }
      expiring.sort(byRisk);
      return { counts: result, expiring: expiring.slice(0, 10) };
    },
  };
}

export type Certificates = ReturnType<typeof createCertificates>;
