/**
 * The refusals of the management capability as ThinCertError values with
 * stable codes (CLI.md exit statuses: 1 refused/failed, 4 locked out or
 * replacement required). Messages are short English for the CLI; the renderer
 * translates `code` + `params`.
 */
import { ThinCertError } from '../errors';

export const notEnrolled = () =>
  new ThinCertError('not-enrolled', 'This device is not enrolled with a management server. Enroll it first.');

/** §4, last paragraph: without K nothing can be verified; the only way on is enrolling again. */
export const noDeviceKey = () =>
  new ThinCertError(
    'no-device-key',
    'The device key is missing, so the management server cannot be verified. Enroll the device again.',
    undefined,
    4,
  );

export const fingerprintMalformed = () =>
  new ThinCertError('fingerprint-malformed', 'The fingerprint must be the 64 hex digits of the SHA-256 (colons optional).');

export const fingerprintMismatch = (presented: string, confirmed: string) =>
  new ThinCertError(
    'management-fingerprint-mismatch',
    `The server presents ${presented}, not the confirmed ${confirmed}. Nothing was stored.`,
    { presented, confirmed },
  );

export const deviceIdInvalid = (deviceId: string) =>
  new ThinCertError('device-id-invalid', 'A device id is 1–64 characters of A–Z, a–z, 0–9, ".", "_" and "-".', { deviceId: deviceId.slice(0, 80) });

export const deviceIdTaken = (deviceId: string) =>
  new ThinCertError('device-id-taken', `The management server already has a device ${deviceId}. Choose another id.`, { deviceId });

export const serverRefused = (what: string, status: number) =>
  new ThinCertError('server-refused', `The management server refused ${what} (HTTP ${status}).`, { status });

export const deviceRejected = () =>
  new ThinCertError(
    'device-rejected',
    'The management server does not accept this device (HTTP 401). Check the device clock, or enroll the device again.',
    { status: 401 },
  );

export const policyRejected = (reason: string) =>
  new ThinCertError('policy-rejected', `The management server sent a policy this client refuses: ${reason}. The previous policy stays in force.`, { reason });

/** §4.1: the caller shows the replacement window; exit 4 in the CLI. */
export const replacementRequired = (pendingFingerprint: string, confirmationCode: string) =>
  new ThinCertError(
    'replacement-required',
    `The management server presents a certificate this device does not know (${pendingFingerprint}). Certificate replacement is required; tell the administrator the confirmation code ${confirmationCode}.`,
    { pendingFingerprint, confirmationCode },
    4,
  );

export const noReplacementPending = () =>
  new ThinCertError('no-replacement-pending', 'No certificate replacement is pending on this device.');

/** §4.5: refused with a message and not counted as an attempt. */
export const codeMalformed = () =>
  new ThinCertError('code-malformed', 'A replacement code is 8 digits, for example 1234-5678.');

export const lockedOut = (lockedUntil: string) =>
  new ThinCertError('locked-out', `Too many wrong codes. Try again after ${lockedUntil}.`, { lockedUntil }, 4);

export const codeWrong = (attemptsLeft: number, lockedUntil: string | null) =>
  lockedUntil === null
    ? new ThinCertError('code-wrong', `The replacement code is wrong. ${attemptsLeft} attempt(s) left before the form locks.`, { attemptsLeft })
    : new ThinCertError('code-wrong', `The replacement code is wrong. The form is locked until ${lockedUntil}.`, { attemptsLeft, lockedUntil }, 4);

/** Issue 13: the `enroll` channel never moves an enrolled device; only the administrator does, from the CLI. */
export const alreadyEnrolled = (server: string) =>
  new ThinCertError(
    'already-enrolled',
    `This device is already enrolled with ${server}. Moving it to another management server is for the administrator: thincert enroll HOST --move-from-server ${server}.`,
    { server },
  );

export const moveFromMismatch = (named: string, current: string | null) =>
  new ThinCertError(
    'enrollment-server-mismatch',
    current === null
      ? `This device is not enrolled, so it cannot move from ${named}. Enroll it without --move-from-server.`
      : `This device is enrolled with ${current}, not ${named}. Nothing was changed.`,
    current === null ? { named } : { named, current },
  );

/** §4 for a certificate that is not valid now: no code can help until the server presents a valid one. */
export const replacementRequiredOutOfDate = (pendingFingerprint: string, notBefore: string, notAfter: string, expired: boolean) =>
  new ThinCertError(
    'replacement-required',
    `The management server presents a certificate that is ${expired ? `expired since ${notAfter.slice(0, 10)}` : `not valid before ${notBefore.slice(0, 10)}`} (${pendingFingerprint}). Certificate replacement is required: the administrator must give the server a new certificate.`,
    { pendingFingerprint, notBefore, notAfter },
    4,
  );
