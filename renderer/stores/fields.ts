import { refusal, type ErrorShape } from '../../app/errors';

/**
 * Turns the port field's text into a number before it crosses to main, so a
 * typo is answered in the operator's language instead of as a schema error.
 */
export function parsePort(text: string): { port: number; error: null } | { port: undefined; error: ErrorShape } {
  const trimmed = text.trim();
  const port = Number(trimmed);
  if (/^\d{1,5}$/.test(trimmed) && port >= 1 && port <= 65535) return { port, error: null };
  return { port: undefined, error: refusal('port-invalid', 'The port is a number from 1 to 65535.') };
}

export function hostError(host: string): ErrorShape | null {
  return host.trim() === '' ? refusal('host-missing', 'Enter the server name or address.') : null;
}
