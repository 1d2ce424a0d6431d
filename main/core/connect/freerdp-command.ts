/**
 * Which FreeRDP to start and with what: the server address, and a certificate
 * rule that accepts exactly the leaf ThinCert just judged and nothing else.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { ThinCertError } from '../errors';

/**
 * Pass-through arguments that would loosen or move the pin: another /cert rule
 * (`/cert:ignore`, `/cert-ignore`, `+cert-tofu` …), another server (`/v:`), or
 * arguments read from elsewhere (`/args-from:`, FreeRDP 3).
 */
const OVERRIDES = /^([/+-])(cert\b|cert[-:]|v:|args-from\b)/i;

export function refuseOverrides(extra: readonly string[]): void {
  for (const arg of extra) {
    if (OVERRIDES.test(arg)) {
      const name = arg.split(':')[0] ?? arg;
      throw new ThinCertError(
        'connect-override',
        `${name} cannot be passed to FreeRDP: ThinCert sets the server and the certificate rule itself.`,
        { option: name },
      );
    }
  }
}

export function findOnPath(name: string, pathVariable: string | undefined): string | null {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here: try the next folder
    }
  }
  return null;
}

/**
 * FreeRDP 3 first where installed; Debian 12 ships FreeRDP 2 as `xfreerdp`.
 * The kiosk's cage compositor is Wayland with no X server: there `wlfreerdp`.
 */
export function chooseFreeRdp(env: NodeJS.ProcessEnv): string {
  // The device's (or a test's) own choice of FreeRDP build, e.g. one outside PATH.
  if (env.THINCERT_FREERDP) return env.THINCERT_FREERDP;
  const wayland = !env.DISPLAY && Boolean(env.WAYLAND_DISPLAY);
  const names = wayland ? ['wlfreerdp3', 'wlfreerdp'] : ['xfreerdp3', 'xfreerdp'];
  for (const name of names) {
    const found = findOnPath(name, env.PATH);
    if (found) return found;
  }
  throw new ThinCertError(
    'freerdp-missing',
    `FreeRDP is not installed: none of ${names.join(', ')} is on PATH (Debian: apt-get install ${wayland ? 'freerdp2-wayland' : 'freerdp2-x11'}).`,
    { names: names.join(', ') },
  );
}

/** `AB:CD:…` (ThinCert) → `ab:cd:…`, the form FreeRDP prints and documents. */
export function freeRdpFingerprint(fingerprint: string): string {
  return fingerprint.toLowerCase();
}

/**
 * ThinCert's own arguments. One `/cert:` option holds both rules because
 * FreeRDP keeps only the last occurrence of an option. `deny` turns every
 * prompt into a refusal; the fingerprint is the only certificate accepted.
 */
export function pinnedArguments(address: string, port: number, fingerprint: string): string[] {
  const server = address.includes(':') ? `[${address}]` : address;
  return [`/v:${server}:${port}`, `/cert:deny,fingerprint:sha256:${freeRdpFingerprint(fingerprint)}`];
}

/**
 * FreeRDP 2 accepts a certificate the system store vouches for before it looks
 * at /cert:deny: with an empty store only the fingerprint can let a server in.
 * The device's own certificate (issue 17) is not FreeRDP's to use: paths to it
 * inherited from `thincert exec` are dropped (docs/policy.md).
 */
export function freeRdpEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { THINCERT_CLIENT_CERT: _cert, THINCERT_CLIENT_KEY: _key, ...rest } = env;
  return { ...rest, SSL_CERT_FILE: '/dev/null', SSL_CERT_DIR: '/dev/null' };
}
