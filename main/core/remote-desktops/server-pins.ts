/**
 * Pins and the servers they were accepted for (issue 15): which stored pin a
 * server's changed certificate is compared with, and how trusting a new
 * certificate for one server replaces that server's pin and nothing else.
 */
import type { CertificateDetails } from '../../../app/schemas';
import type { CertificateChange } from '../../../app/remote-desktop-channels';
import type { StoreState, StoredCertificate } from '../store/types';

/** `host:port`, IPv6 in brackets, names in lower case: one spelling per server. */
export function serverKey(host: string, port: number): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return `${bare.includes(':') ? `[${bare.toLowerCase()}]` : bare.toLowerCase()}:${port}`;
}

const isRdpPin = (cert: StoredCertificate) => cert.purposes.includes('rdp') && !cert.details.isCA;

/**
 * The pin this server had, when the presented certificate is another: first a
 * pin accepted for exactly this `host:port` (the newest, if a farm re-used
 * the name), else a pin from before servers were recorded whose names cover
 * the host — such a pin "matches any" server, but only one it names is its own.
 */
export function previousPin(state: StoreState, host: string, port: number, presentedFingerprint: string): StoredCertificate | null {
  const key = serverKey(host, port);
  const pins = Object.values(state.certificates).filter((cert) => isRdpPin(cert) && cert.fingerprint !== presentedFingerprint);
  const newestFirst = (a: StoredCertificate, b: StoredCertificate) => b.addedAt.localeCompare(a.addedAt);
  const forServer = pins.filter((cert) => cert.servers?.includes(key)).sort(newestFirst);
  if (forServer[0]) return forServer[0];
  const named = pins.filter((cert) => cert.servers === undefined && namesHost(cert.details, host)).sort(newestFirst);
  return named[0] ?? null;
}

function namesHost(details: CertificateDetails, host: string): boolean {
  const wanted = (host.startsWith('[') ? host.slice(1, -1) : host).toLowerCase();
  const sanValues = details.subjectAltNames.map((entry) => entry.slice(entry.indexOf(':') + 1).trim().toLowerCase());
  if (sanValues.includes(wanted)) return true;
  const cn = /(?:^|[,/]\s*)CN\s*=\s*([^,/]+)/i.exec(details.subject)?.[1]?.trim().toLowerCase();
  return cn === wanted;
}

/** Which facts a person compares differ between the old and the new certificate. */
export function certificateChanges(previous: CertificateDetails, presented: CertificateDetails): CertificateChange[] {
  const changes: CertificateChange[] = [];
  if (previous.subject !== presented.subject) changes.push('subject');
  if (previous.issuer !== presented.issuer) changes.push('issuer');
  if (previous.notBefore !== presented.notBefore) changes.push('notBefore');
  if (previous.notAfter !== presented.notAfter) changes.push('notAfter');
  if (previous.keyType !== presented.keyType || previous.keyBits !== presented.keyBits || previous.curve !== presented.curve) changes.push('key');
  if ([...previous.subjectAltNames].sort().join('\n') !== [...presented.subjectAltNames].sort().join('\n')) changes.push('subjectAltNames');
  if (previous.serial !== presented.serial) changes.push('serial');
  return changes;
}

export interface PinForServer {
  der: Buffer;
  details: CertificateDetails;
  server: string;
  /** The pin this server had (changed certificate): it stops being this server's pin. */
  replaces: string | null;
  addedAt: string;
}

/**
 * The store with `pin` trusted for rdp and remembered for `server`; the
 * replaced pin loses this server, and its rdp purpose when no other server
 * (or, from an older store, any server) is left to it. Other purposes of
 * either certificate are untouched.
 */
export function withServerPin(state: StoreState, pin: PinForServer): StoreState {
  const certificates = { ...state.certificates };
  const fingerprint = pin.details.fingerprint;
  const existing = certificates[fingerprint];
  if (existing) {
    // A pin from before servers were recorded already matches any server: a list would narrow it.
    const servers = existing.purposes.includes('rdp') && existing.servers === undefined ? undefined : union(existing.servers ?? [], pin.server);
    certificates[fingerprint] = {
      ...existing,
      purposes: existing.purposes.includes('rdp') ? existing.purposes : [...existing.purposes, 'rdp'],
      ...(servers === undefined ? {} : { servers }),
    };
  } else {
    certificates[fingerprint] = {
      fingerprint,
      der: pin.der.toString('base64'),
      details: pin.details,
      purposes: ['rdp'],
      source: 'manual',
      label: null,
      addedAt: pin.addedAt,
      servers: [pin.server],
    };
  }
  const old = pin.replaces === null ? undefined : certificates[pin.replaces];
  if (old && old.fingerprint !== fingerprint && old.purposes.includes('rdp')) {
    const others = old.servers?.filter((server) => server !== pin.server);
    if (others !== undefined && others.length > 0) {
      certificates[old.fingerprint] = { ...old, servers: others };
    } else {
      const purposes = old.purposes.filter((purpose) => purpose !== 'rdp');
      if (purposes.length === 0) delete certificates[old.fingerprint];
      else {
        const { servers: _dropped, ...rest } = old;
        certificates[old.fingerprint] = { ...rest, purposes };
      }
    }
  }
  return { ...state, certificates };
}

function union(list: readonly string[], server: string): string[] {
  return list.includes(server) ? [...list] : [...list, server];
}
