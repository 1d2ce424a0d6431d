/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security),
 * one test per item that applies to ThinCert, each naming the item it proves.
 */
import { describe, expect, it } from 'vitest';
import { kioskWindowOptions } from './window-options';
import { isAllowedNavigation, isTrustedSenderUrl, APP_ENTRY } from './sender';
import { resolveAppUrl } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from '../hosts/csp';

const prefs = kioskWindowOptions('/app/preload.cjs', true).webPreferences ?? {};

describe('Electron security checklist', () => {
  it('#2 Do not enable Node.js integration for remote content', () => {
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });
  it('#3 Enable context isolation', () => expect(prefs.contextIsolation).toBe(true));
  it('#4 Enable process sandboxing', () => expect(prefs.sandbox).toBe(true));
  it('#6 Do not disable webSecurity', () => expect(prefs.webSecurity).toBe(true));
  it('#8 Do not enable allowRunningInsecureContent', () => expect(prefs.allowRunningInsecureContent).toBe(false));
  it('#9 Do not enable experimental features', () => expect(prefs.experimentalFeatures).toBe(false));
  it('#12 Do not use webview (the tag is off)', () => expect(prefs.webviewTag).toBe(false));
  it('no devtools in kiosk mode', () => {
    expect(prefs.devTools).toBe(false);
    expect(kioskWindowOptions('/p', false).webPreferences?.devTools).toBe(true);
  });
  it('#7 Define a Content Security Policy: no remote scripts, no eval, no connections', () => {
    const csp = CONTENT_SECURITY_POLICY.electron;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("connect-src 'none'");
    expect(csp).toContain("object-src 'none'");
  });
  it('#13 Disable or limit navigation: only our own origin', () => {
    expect(isAllowedNavigation(APP_ENTRY)).toBe(true);
    expect(isAllowedNavigation('https://example.org/')).toBe(false);
    expect(isAllowedNavigation('file:///etc/passwd')).toBe(false);
    expect(isAllowedNavigation('app://evil/index.html')).toBe(false);
  });
  it('#17 Validate the sender of all IPC messages', () => {
    expect(isTrustedSenderUrl('app://thincert/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://thincert/')).toBe(true);
    for (const bad of [undefined, null, '', 'about:blank', 'http://127.0.0.1/', 'file:///x', 'app://other/', 'not a url']) {
      expect(isTrustedSenderUrl(bad)).toBe(false);
    }
  });
  it('#18 Avoid the file:// protocol: app:// serves only files of the built renderer', () => {
    expect(resolveAppUrl('/srv/r', 'app://thincert/index.html')).toBe('/srv/r/index.html');
    expect(resolveAppUrl('/srv/r', 'app://thincert/')).toBe('/srv/r/index.html');
    expect(resolveAppUrl('/srv/r', 'app://thincert/assets/a.js')).toBe('/srv/r/assets/a.js');
    expect(resolveAppUrl('/srv/r', 'app://thincert/../../etc/passwd')).toBe('/srv/r/etc/passwd');
    // URL parsing folds dot segments, escaped or not, so no path climbs above the root.
    expect(resolveAppUrl('/srv/r', 'app://thincert/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/r/etc/passwd');
    expect(resolveAppUrl('/srv/r', 'app://thincert/a/%2F..%2F..%2F..%2Fetc/passwd')).toBeNull();
    expect(resolveAppUrl('/srv/r', 'app://other/index.html')).toBeNull();
    expect(resolveAppUrl('/srv/r', 'app://thincert/%E0%A4%A')).toBeNull();
  });
});
