import type { Certificate } from '../../app/schemas';

/**
 * What a person calls a certificate: their own label, else the subject's
 * common name (the server or CA name), else the whole subject. The full
 * subject is always shown next to it, so nothing is hidden.
 */
export function certificateName(certificate: Pick<Certificate, 'label' | 'subject'>): string {
  if (certificate.label) return certificate.label;
  const commonName = /(?:^|,\s*)CN=((?:\\,|[^,])+)/.exec(certificate.subject)?.[1];
  return commonName ? commonName.replace(/\\,/g, ',').trim() : certificate.subject;
}
