/**
 * FreeRDP 2's exit statuses (client/X11/xfreerdp.h, `XF_EXIT_*`) in words.
 * They overlap ThinCert's own statuses (3 = idle timeout there, untrusted
 * here), so they are translated and never passed through.
 */
const WORDS: Readonly<Record<number, string>> = {
  0: 'the session ended',
  1: 'the server disconnected the session',
  2: 'the server logged the session off',
  3: 'the session was idle too long',
  4: 'the logon took too long',
  5: 'another connection replaced this one',
  6: 'the server ran out of memory',
  7: 'the server denied the connection',
  8: 'the server denied the connection (FIPS)',
  9: 'the user has no right to log on remotely',
  10: 'the server asks for fresh credentials',
  11: 'the user disconnected the session',
  12: 'the user logged off',
  32: 'RDP protocol error',
  128: 'FreeRDP could not read its arguments',
  129: 'FreeRDP ran out of memory',
  130: 'RDP protocol error',
  131: 'the connection failed',
  132: 'authentication failed',
  133: 'security negotiation failed',
  134: 'the logon failed',
  135: 'the account is locked out',
  136: 'FreeRDP failed before connecting (no display?)',
  137: 'the connection failed for an unknown reason',
  138: 'FreeRDP failed after connecting',
  139: 'the name could not be resolved',
  140: 'the name was not found',
  141: 'the connection failed',
  142: 'the server refused the MCS connection',
  143: "the TLS connection failed: FreeRDP refused the server's certificate or the handshake",
  144: 'insufficient privileges',
  145: 'the connection was cancelled',
  147: "the connection's transport failed",
  148: 'the password has expired',
  149: 'the password must be changed',
  150: 'the Kerberos KDC is unreachable',
  151: 'the account is disabled',
  152: 'the password has expired',
  153: 'the client certificate was revoked',
  154: 'wrong password',
  155: 'access denied',
  156: 'the account is restricted',
  157: 'the account has expired',
  158: 'this kind of logon is not granted',
  159: 'no or missing credentials',
  160: 'the server is still booting',
  255: 'an unknown error',
};

/** Ends of a session a person chose or the server ordered: success, disconnect, logoff. */
const NORMAL = new Set([0, 1, 2, 11, 12]);

export interface FreeRdpExit {
  normal: boolean;
  words: string;
}

export function describeFreeRdpExit(code: number | null, signal: NodeJS.Signals | null): FreeRdpExit {
  if (code === null) return { normal: false, words: `FreeRDP was stopped by ${signal ?? 'a signal'}` };
  if (code >= 16 && code <= 26) return { normal: false, words: `licensing failed (FreeRDP status ${code})` };
  return { normal: NORMAL.has(code), words: `${WORDS[code] ?? 'an unknown error'} (FreeRDP status ${code})` };
}
