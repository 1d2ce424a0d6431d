/**
 * Every error code ThinCert can produce, each with its parameters' names and
 * kinds: the one list `ThinCertError` (main/core/errors.ts) is typed by, and
 * both message catalogues (renderer/i18n/en.ts, ru.ts `errorCodes`) are
 * checked against — as app/reason-messages.ts is for trust reasons. A code
 * means one thing everywhere and has one set of parameters; a new code is a
 * new line here, with its words in both catalogues (the typecheck says so).
 *
 * Kinds: `string`, `number`, `instant` (an ISO 8601 time, shown in the
 * operator's language); a trailing `?` marks a parameter some refusals of
 * that code leave out. Plain data with no imports; the renderer imports only
 * types from here, so none of it reaches its bundle.
 */

type ParamKind = 'string' | 'number' | 'instant' | 'string?' | 'number?' | 'instant?';

export const ERROR_CODES = {
  // Any transport, whatever the channel (app/errors.ts TRANSPORT_ERRORS).
  'bad-request': {},
  'bad-response': {},
  'unknown-channel': {},
  disconnected: {},
  /** A fault of ours, not a refusal: also the answer for one chain of `verify --stdin` that could not be judged. */
  internal: {},
  /** The Electron host: a request from a frame that is not ThinCert's page. */
  forbidden: {},

  // Reading a certificate file or pasted text (main/core/x509).
  'empty-file': {},
  'file-too-large': { size: 'number', limit: 'number' },
  'not-a-certificate': {},
  'private-key': {},
  'certificate-request': {},
  pkcs12: {},
  'damaged-pem': { label: 'string', reason: 'string' },
  'damaged-der': { reason: 'string' },
  'too-complex': {},
  'damaged-certificate': { reason: 'string' },
  'unexpected-content': { what: 'string' },
  'no-certificates': {},
  'too-many-certificates': { count: 'number', limit: 'number' },
  /** `bits` is left out for a DSA key whose size cannot be read. */
  'weak-key': { subject: 'string', keyType: 'string', bits: 'number?' },
  'unknown-curve': { subject: 'string', curve: 'string' },
  'weak-signature': { subject: 'string', algorithm: 'string' },
  'unsupported-key': { subject: 'string', keyAlgorithm: 'string' },
  'file-not-found': { path: 'string' },
  'permission-denied': { path: 'string' },
  'not-a-regular-file': { path: 'string', kind: 'string' },
  'read-failed': { path: 'string', errno: 'string' },
  'not-on-media': {},

  // The certificates of a purpose: find, preview, add, fetch from a server, remove.
  'fingerprint-invalid': { query: 'string' },
  'not-found': { query: 'string' },
  'fingerprint-ambiguous': { query: 'string', count: 'number' },
  'preview-expired': {},
  'preview-other-purpose': { purpose: 'string' },
  'too-many-pending': { max: 'number' },
  'fetch-expired': {},
  'no-certificate': {},
  /** Add from a server: no certificate of the presented chain has the fingerprint the operator confirmed; `expected` is the leaf's. */
  'fingerprint-mismatch': { expected: 'string' },
  'chosen-not-ca': { subject: 'string' },
  /** The management policy sets this (a purpose's certificates, the remote desktops, a setting): only its administrator can change it. */
  managed: { admin: 'string' },

  // Distrust list and anchors limited to names (issue 16 §3).
  distrusted: { subject: 'string', fingerprint: 'string' },
  'distrust-policy': { fingerprint: 'string' },
  'distrust-damaged': { path: 'string' },
  'only-for-invalid': { entry: 'string', problem: 'string' },
  'only-for-not-ca': { subject: 'string', fingerprint: 'string' },

  // Revocation lists (issue 16 §2).
  'crl-invalid': { why: 'string' },
  'crl-expired': { issuer: 'string', nextUpdate: 'instant' },
  'crl-not-yet-valid': { issuer: 'string', thisUpdate: 'instant' },

  // Probes: the server could not be asked (app/probe-messages.ts: the same words as these trust reasons).
  'connection-refused': { address: 'string', port: 'number' },
  timeout: { address: 'string', port: 'number', seconds: 'number', phase: 'string' },
  'dns-failure': { address: 'string', port: 'number', host: 'string' },
  'network-unreachable': { address: 'string', port: 'number' },
  'connection-closed': { address: 'string', port: 'number', phase: 'string' },
  'not-tls': { address: 'string', port: 'number', detail: 'string' },
  'tls-alert': { address: 'string', port: 'number', alert: 'string' },
  'tls-failed': { address: 'string', port: 'number', detail: 'string' },
  'not-rdp': { address: 'string', port: 'number', sample: 'string' },
  'rdp-standard-security-only': { address: 'string', port: 'number' },
  'rdp-negotiation-failed': { address: 'string', port: 'number', failureCode: 'number', failure: 'string' },
  'too-many-checks': { limit: 'number' },

  // Management server (PROTOCOL.md §1–§4).
  'not-enrolled': {},
  'no-device-key': {},
  'fingerprint-malformed': {},
  /** Enrollment: the management server presents another certificate than the one whose fingerprint was confirmed. */
  'management-fingerprint-mismatch': { presented: 'string', confirmed: 'string' },
  'device-id-invalid': { deviceId: 'string' },
  'device-id-taken': { deviceId: 'string' },
  'server-refused': { status: 'number' },
  'device-rejected': { status: 'number' },
  'policy-rejected': { reason: 'string' },
  /** `confirmationCode` when a code can confirm the new certificate; `notBefore`/`notAfter` when it is not valid now and none can. */
  'replacement-required': { pendingFingerprint: 'string', confirmationCode: 'string?', notBefore: 'string?', notAfter: 'string?' },
  'no-replacement-pending': {},
  'code-malformed': {},
  'locked-out': { lockedUntil: 'instant' },
  /** `lockedUntil` when this wrong code locked the form. */
  'code-wrong': { attemptsLeft: 'number', lockedUntil: 'instant?' },
  'already-enrolled': { server: 'string' },
  /** `current` is left out when the device is not enrolled at all. */
  'enrollment-server-mismatch': { named: 'string', current: 'string?' },
  'clock-wrong': { now: 'string', buildDate: 'string' },
  'management-certificate-expired': { notBefore: 'string', notAfter: 'string' },
  'management-certificate-not-yet-valid': { notBefore: 'string', notAfter: 'string' },
  'server-answer-too-large': {},
  'server-unreachable': { server: 'string', reason: 'string' },
  'management-state-damaged': { path: 'string', reason: 'string' },

  // Audit delivery and settings.
  'no-log-server': {},
  'log-server-invalid': {},
  'log-server-untrusted': { server: 'string' },
  'log-server-unreachable': { server: 'string' },
  'setting-invalid': { key: 'string', value: 'string' },
  'config-damaged': { path: 'string' },

  // The data folder and its files (main/core/store).
  'file-write-failed': { path: 'string', reason: 'string' },
  'file-read-failed': { path: 'string', reason: 'string' },
  /** `owner` with problem `owner`, `mode` with problem `mode`. */
  'data-dir-unsafe': { path: 'string', problem: 'string', owner: 'number?', mode: 'string?' },
  'store-damaged': { path: 'string', copy: 'string', reason: 'string' },
  'store-too-new': { path: 'string', copy: 'string', schemaVersion: 'number', knownSchemaVersion: 'number' },
  'store-invalid-change': { path: 'string', reason: 'string' },
  'folder-lock-nested': { path: 'string' },
  'folder-lock-failed': { path: 'string' },
  'folder-busy': { path: 'string' },
  'folder-lock-lost': { path: 'string' },

  // Remote desktops and FreeRDP.
  'desktops-damaged': { path: 'string' },
  'too-many-desktops': { max: 'number' },
  'desktop-unknown': {},
  'desktop-name-taken': { name: 'string' },
  'connect-expired': {},
  'connect-override': { option: 'string' },
  'freerdp-missing': { names: 'string' },
  'freerdp-failed': { words: 'string' },

  // Device identity (issue 17).
  'identity-unavailable': {},
  'identity-none': {},
  'identity-busy': {},
  'identity-not-renewable': {},
  'identity-expired': { notAfter: 'instant' },
  'scep-unreachable': { url: 'string', reason: 'string' },
  'scep-http-error': { url: 'string', status: 'number' },
  'scep-ca-mismatch': { presented: 'string' },
  'scep-bad-reply': { why: 'string' },
  'scep-refused': { failInfo: 'string' },
  'scep-renewal-unsupported': {},
  'p12-unreadable': {},
  'p12-wrong-password': {},
  'p12-no-key': {},
  'p12-key-mismatch': {},

  // `verify --stdin`: a line that cannot be judged.
  'bad-json': {},
  'bad-line': { field: 'string' },
  'no-purpose': {},

  // The renderer's own refusals, said before anything crosses to main.
  'file-not-chosen': {},
  'paste-empty': {},
  'paste-too-large': { size: 'number', limit: 'number' },
  'host-missing': {},
  'port-invalid': {},
  'name-invalid': {},
  'desktop-name-missing': {},
  /** The identity screen's SCEP form (issue 17). */
  'scep-url-invalid': {},
  'san-invalid': { entry: 'string' },
} as const satisfies Readonly<Record<string, Readonly<Record<string, ParamKind>>>>;

export type ErrorCode = keyof typeof ERROR_CODES;

type SpecOf<C extends ErrorCode> = (typeof ERROR_CODES)[C];
type ValueOf<K> = K extends 'number' | 'number?' ? number : string;
type RequiredNames<S> = { [N in keyof S]: S[N] extends `${string}?` ? never : N }[keyof S];
type OptionalNames<S> = Exclude<keyof S, RequiredNames<S>>;
type Flat<T> = { [K in keyof T]: T[K] };

/** The parameters of one code, by name and type; optional where the list marks them with `?`. */
export type ParamsOf<C extends ErrorCode> = C extends ErrorCode
  ? Flat<{ [N in RequiredNames<SpecOf<C>>]: ValueOf<SpecOf<C>[N]> } & { [N in OptionalNames<SpecOf<C>>]?: ValueOf<SpecOf<C>[N]> }>
  : never;

/** Whether a code's refusals must carry params: yes when it has a parameter every refusal of it gives. */
export type NeedsParams<C extends ErrorCode> = [RequiredNames<SpecOf<C>>] extends [never] ? false : true;

/** Parameters that hold an ISO 8601 time: a screen shows them as a date and time in its language. */
export type InstantParam = {
  [C in ErrorCode]: { [N in keyof SpecOf<C>]: SpecOf<C>[N] extends 'instant' | 'instant?' ? N : never }[keyof SpecOf<C>];
}[ErrorCode];

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}
