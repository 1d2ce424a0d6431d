/** StoredCertificate records for tests, made the way the store makes them (details from certs/). */
import type { Purpose } from '../../app/purposes';
import { detailsOf } from '../../main/core/x509/details';
import type { StoredCertificate } from '../../main/core/store/types';
import type { PkiCert } from './pki';

export function stored(cert: PkiCert, purposes: Purpose[]): StoredCertificate {
  const details = detailsOf(cert.der);
  return {
    fingerprint: details.fingerprint,
    der: cert.der.toString('base64'),
    details,
    purposes,
    source: 'manual',
    label: null,
    addedAt: '2026-11-01T00:00:00Z',
  };
}
