/**
 * The shared-secret codes of the management protocol: the per-request device
 * authentication (PROTOCOL.md §2) and the confirmation / replacement codes of
 * the certificate replacement flow (§4). Pure functions over K; no I/O.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** §2: the label that separates request authentication from the §4 codes. */
const AUTH_LABEL = 'thincert/auth/v1';
/** §4.2 and §4.4: distinct labels so one code can never be replayed as the other. */
const CONFIRM_LABEL = 'thincert/confirm/v1';
const REPLACE_LABEL = 'thincert/replace/v1';

const CODE_DIGITS = 8;
const CODE_MODULUS = 10 ** CODE_DIGITS;
const ZERO = Buffer.from([0]);

/**
 * §2: base64(HMAC-SHA256(K, "thincert/auth/v1" 0x00 deviceId 0x00 decimal(unixSeconds))).
 * Strings are ASCII (§4, last paragraph); deviceId is restricted to ASCII by its syntax.
 */
export function deviceAuth(deviceKey: Buffer, deviceId: string, unixSeconds: number): string {
  return createHmac('sha256', deviceKey)
    .update(Buffer.from(AUTH_LABEL, 'ascii'))
    .update(ZERO)
    .update(Buffer.from(deviceId, 'ascii'))
    .update(ZERO)
    .update(Buffer.from(String(Math.trunc(unixSeconds)), 'ascii'))
    .digest('base64');
}

/** §4.2: the code the device shows; the administrator types it into ksc-admin. */
export function confirmationCode(deviceKey: Buffer, newFingerprint: Buffer): string {
  return truncate(labelledMac(deviceKey, CONFIRM_LABEL, newFingerprint));
}

/** §4.4: the code ksc-admin prints once the confirmation code matched. */
export function replacementCode(deviceKey: Buffer, newFingerprint: Buffer): string {
  return truncate(labelledMac(deviceKey, REPLACE_LABEL, newFingerprint));
}

function labelledMac(deviceKey: Buffer, label: string, fingerprint: Buffer): Buffer {
  if (fingerprint.length !== 32) throw new RangeError('F is a 32-byte SHA-256 digest');
  return createHmac('sha256', deviceKey).update(Buffer.from(label, 'ascii')).update(ZERO).update(fingerprint).digest();
}

/** RFC 4226 §5.3 dynamic truncation of a 32-byte MAC, as 8 digits with leading zeros (§4). */
export function truncate(mac: Buffer): string {
  if (mac.length !== 32) throw new RangeError('T() takes an HMAC-SHA256 value');
  const offset = mac.readUInt8(31) & 0x0f;
  // readUInt32BE after masking the top bit is exactly the RFC's four-byte expression.
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % CODE_MODULUS).padStart(CODE_DIGITS, '0');
}

/** How a code is shown to people: `1234-5678` (§4). */
export function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * What a person typed, as the 8 digits it means, or null (§4.5: spaces and
 * dashes are ignored; anything but 8 digits is refused and not counted).
 */
export function normaliseCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^[0-9]{8}$/.test(digits) ? digits : null;
}

/**
 * §4.5: constant-time comparison, so the time a wrong guess takes tells nothing
 * about how many leading digits were right. Both sides are normalised 8-digit
 * ASCII strings; a length mismatch (never with normalised input) is just false.
 */
export function codesEqual(expected: string, entered: string): boolean {
  const a = Buffer.from(expected, 'ascii');
  const b = Buffer.from(entered, 'ascii');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
