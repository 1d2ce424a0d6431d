/**
 * The SCEP operations over HTTP (RFC 8894 §4): GetCACaps, GetCACert and
 * PKIOperation, only to the URL given, each with a short timeout and no
 * redirects. The CA's fingerprint is compared before anything of ours is sent.
 */
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { ThinCertError } from '../../errors';
import { normaliseFingerprintQuery, sha256Fingerprint } from '../../x509/fingerprint';
import { certificatesOfDegenerate, type DigestName } from './message';

export const SCEP_TIMEOUT_MS = 15_000;

export interface ScepCa {
  url: string;
  caps: ReadonlySet<string>;
  /** The CA certificate whose SHA-256 was confirmed. */
  caDer: Buffer;
  /** What requests are encrypted to: the RA's encryption certificate if the server has one, else the CA. */
  recipientDer: Buffer;
  /** Who may sign the answers: the CA and its RA certificates from GetCACert. */
  signers: Buffer[];
  digest: DigestName;
  cipher: string;
}

export async function getCaCaps(url: string): Promise<Set<string>> {
  const { body } = await scepGet(url, 'GetCACaps');
  return new Set(
    body
      .toString('utf8')
      .split(/\r?\n/)
      .map((line) => line.trim().toLowerCase())
      .filter((line) => line.length > 0),
  );
}

/** GetCACert: a single DER certificate, or a degenerate PKCS#7 with the CA and its RA certificates. */
export async function getCaCertificates(url: string): Promise<Buffer[]> {
  const { body, contentType } = await scepGet(url, 'GetCACert');
  if (contentType.includes('x-x509-ca-ra-cert')) return certificatesOfDegenerate(body);
  return [body];
}

/** The CA of `certs`: the one with the confirmed fingerprint, or (for a preview) the CA certificate among them. */
export function pickCa(certs: Buffer[], fingerprint: string | null): Buffer {
  if (fingerprint !== null) {
    const wanted = normaliseFingerprintQuery(fingerprint);
    const match = certs.find((der) => normaliseFingerprintQuery(sha256Fingerprint(der)) === wanted);
    if (match === undefined) {
      const shown = certs[0] === undefined ? '(none)' : sha256Fingerprint(pickCa(certs, null));
      throw new ThinCertError('scep-ca-mismatch', `The SCEP server's CA is not the one confirmed: its SHA-256 is ${shown}. Nothing was sent.`, {
        presented: shown,
      });
    }
    return match;
  }
  const ca = certs.find((der) => isCa(der)) ?? certs[0];
  if (ca === undefined) throw new ThinCertError('scep-bad-reply', 'The SCEP server sent no CA certificate.', { why: 'no certificate' });
  return ca;
}

export async function connectToCa(url: string, fingerprint: string): Promise<ScepCa> {
  const caps = await getCaCaps(url);
  const certs = await getCaCertificates(url);
  const caDer = pickCa(certs, fingerprint);
  const ras = certs.filter((der) => der !== caDer && !isCa(der));
  const recipientDer = ras.find((der) => canEncipher(der)) ?? ras[0] ?? caDer;
  return {
    url,
    caps,
    caDer,
    recipientDer,
    signers: [caDer, ...ras],
    digest: caps.has('sha-256') || caps.has('scepstandard') ? 'sha256' : 'sha1',
    cipher: caps.has('aes') || caps.has('scepstandard') ? forge.pki.oids['aes128-CBC'] as string : forge.pki.oids['des-EDE3-CBC'] as string,
  };
}

/** PKIOperation: POST where GetCACaps says so, else GET with the message in base64 (RFC 8894 §4.3). */
export async function pkiOperation(ca: ScepCa, message: Buffer): Promise<Buffer> {
  const { body } = ca.caps.has('postpkioperation')
    ? await scepRequest(operationUrl(ca.url, 'PKIOperation'), { method: 'POST', body: message, headers: { 'content-type': 'application/x-pki-message' } })
    : await scepGet(ca.url, 'PKIOperation', message.toString('base64'));
  return body;
}

async function scepGet(url: string, operation: string, message?: string): Promise<{ body: Buffer; contentType: string }> {
  return scepRequest(operationUrl(url, operation, message), { method: 'GET' });
}

function operationUrl(url: string, operation: string, message?: string): string {
  const target = new URL(url);
  target.searchParams.set('operation', operation);
  if (message !== undefined) target.searchParams.set('message', message);
  return target.toString();
}

async function scepRequest(url: string, init: { method: string; body?: Buffer; headers?: Record<string, string> }): Promise<{ body: Buffer; contentType: string }> {
  const shown = new URL(url);
  shown.search = '';
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(SCEP_TIMEOUT_MS) });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${SCEP_TIMEOUT_MS / 1000} s` : causeOf(error);
    throw new ThinCertError('scep-unreachable', `The SCEP server ${shown.toString()} could not be reached: ${reason}.`, { url: shown.toString(), reason });
  }
  const body = Buffer.from(await response.arrayBuffer().catch(() => new ArrayBuffer(0)));
  if (response.status !== 200) {
    const said = body.toString('utf8').replace(/[^\x20-\x7e]/g, ' ').trim().slice(0, 200);
    throw new ThinCertError('scep-http-error', `The SCEP server answered HTTP ${response.status}${said ? `: ${said}` : ''}.`, {
      url: shown.toString(),
      status: response.status,
    });
  }
  return { body, contentType: (response.headers.get('content-type') ?? '').toLowerCase() };
}

function causeOf(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code === 'ECONNREFUSED' ? 'connection refused' : cause.code;
  return cause instanceof Error ? cause.message : String(cause);
}

function isCa(der: Buffer): boolean {
  try {
    return new X509Certificate(der).ca;
  } catch {
    return false;
  }
}

function canEncipher(der: Buffer): boolean {
  try {
    const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(forge.util.createBuffer(der.toString('binary'))));
    const usage = cert.getExtension('keyUsage') as { keyEncipherment?: boolean } | null;
    return usage === null || usage.keyEncipherment === true;
  } catch {
    return false;
  }
}
