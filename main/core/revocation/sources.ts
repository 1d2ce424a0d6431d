/** Where a certificate says its revocation status is published: OCSP (AIA) and CRL distribution points (http only). */
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AuthorityInfoAccessSyntax,
  CRLDistributionPoints,
  id_ad_ocsp,
  id_ce_cRLDistributionPoints,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';
import { asn1Certificate } from './asn1-names';

export interface PublishedSources {
  ocsp: string[];
  crl: string[];
}

/** Beyond this a certificate is padding its list; the first few are what anyone publishes. */
const MAX_URLS = 4;

const cache = new Map<string, PublishedSources>();
const CACHE_LIMIT = 256;

export function publishedSources(der: Buffer): PublishedSources {
  const key = der.toString('base64');
  const hit = cache.get(key);
  if (hit) return hit;
  const sources: PublishedSources = { ocsp: [], crl: [] };
  for (const extension of asn1Certificate(der).tbsCertificate.extensions ?? []) {
    try {
      if (extension.extnID === id_pe_authorityInfoAccess) {
        for (const access of AsnConvert.parse(extension.extnValue, AuthorityInfoAccessSyntax)) {
          const uri = access.accessLocation.uniformResourceIdentifier;
          if (access.accessMethod === id_ad_ocsp && uri) sources.ocsp.push(uri);
        }
      } else if (extension.extnID === id_ce_cRLDistributionPoints) {
        for (const point of AsnConvert.parse(extension.extnValue, CRLDistributionPoints)) {
          // A point limited to some reasons or served by another issuer (cRLIssuer) is not the full CRL we apply.
          if (point.reasons || point.cRLIssuer) continue;
          for (const name of point.distributionPoint?.fullName ?? []) {
            if (name.uniformResourceIdentifier) sources.crl.push(name.uniformResourceIdentifier);
          }
        }
      }
    } catch {
      // A malformed extension publishes nothing; the status is then unknown, which the mode decides.
    }
  }
  const http = (url: string) => url.toLowerCase().startsWith('http://');
  const result = { ocsp: sources.ocsp.filter(http).slice(0, MAX_URLS), crl: sources.crl.filter(http).slice(0, MAX_URLS) };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return result;
}
