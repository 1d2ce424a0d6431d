/**
 * Size bounds both sides of the contract need. Main enforces them whatever
 * arrives; the renderer checks them first only to say so before sending.
 */

/** A certificate file, or the same certificates pasted as text, is at most 1 MiB (UTF-8 bytes). */
export const MAX_CERTIFICATE_BYTES = 1024 * 1024;
