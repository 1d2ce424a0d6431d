/**
 * Bounds on what a certificate file may be. They exist so that a hostile or
 * damaged file on removable media is refused in linear time, before any
 * parser (OpenSSL, forge) sees it.
 */
import { MAX_CERTIFICATE_BYTES } from '../../../app/limits';

/** A certificate file is a few kilobytes; a large CA bundle is a few hundred. The renderer checks pastes against the same number. */
export const MAX_FILE_BYTES = MAX_CERTIFICATE_BYTES;

/** Real certificates nest about 10 deep; 64 leaves room for odd but honest encodings. */
export const MAX_ASN1_DEPTH = 64;

/** A certificate has roughly 100 ASN.1 elements; a 1000-certificate bundle stays well under this. */
export const MAX_ASN1_ELEMENTS = 200_000;

/** More distinct certificates than any trust bundle a thin client needs. */
export const MAX_CERTIFICATES = 1000;
