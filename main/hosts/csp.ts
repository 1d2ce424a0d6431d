/**
 * The renderer's Content-Security-Policy, one definition for both hosts: only
 * its own scripts and styles, no eval, no remote content, no plugins; the only
 * connection the page may open is the web host's own WebSocket.
 */
const BASE = [
  "default-src 'none'",
  "script-src 'self'",
  // Inline style attributes are set by React for virtualised rows and by the on-screen keyboard.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
];

export const CONTENT_SECURITY_POLICY = {
  electron: [...BASE, "connect-src 'none'"].join('; '),
  // 'self' (CSP3) covers ws:// to the page's own host and port, the only way to
  // name an IPv6 literal such as [::1], which CSP host-sources cannot spell.
  web: (port: number) =>
    [...BASE, `connect-src ws://127.0.0.1:${port} ws://localhost:${port} 'self'`].join('; '),
};
