/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security),
 * one test per item that applies to ThinCert, each naming the item it proves.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { kioskWindowOptions } from './window-options';
import { isAllowedNavigation, isTrustedSenderUrl, APP_ENTRY } from './sender';
import { resolveAppUrl } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from '../hosts/csp';
import {
  denyPermissionCheck,
  denyPermissionRequest,
  denyWindowOpen,
  guardNavigation,
  installContentsGuards,
  installSessionGuards,
  refuseWebview,
  remoteRequestDecision,
  REMOTE_URL_PATTERNS,
} from './guards';

/** Every non-test TypeScript source under a folder. */
function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** A will-navigate style event that records whether it was cancelled. */
function navEvent() {
  const event = { prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
}

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
  it('#5 Handle session permission requests from remote content: every request and check is denied', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'hid', 'serial', 'fullscreen']) {
      let granted: boolean | undefined;
      denyPermissionRequest({}, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
    }
    expect(denyPermissionCheck()).toBe(false);
  });
  it('#5 the session guards install the deny-all handlers and the remote-request filter', () => {
    const installed: { request?: unknown; check?: unknown; filter?: string[] } = {};
    let listener: ((details: { url: string }, callback: (r: { cancel: boolean }) => void) => void) | undefined;
    installSessionGuards({
      setPermissionRequestHandler: (h) => (installed.request = h),
      setPermissionCheckHandler: (h) => (installed.check = h),
      webRequest: {
        onBeforeRequest: (filter, l) => {
          installed.filter = filter.urls;
          listener = l;
        },
      },
    });
    expect(installed.request).toBe(denyPermissionRequest);
    expect(installed.check).toBe(denyPermissionCheck);
    expect(installed.filter).toEqual(REMOTE_URL_PATTERNS);
    let answer: { cancel: boolean } | undefined;
    listener?.({ url: 'https://example.org/x.js' }, (r) => (answer = r));
    expect(answer).toEqual({ cancel: true });
  });
  it('#1 Only load secure content / no remote content: http(s) and ws(s) requests are cancelled, app:// is not filtered', () => {
    for (const url of ['http://example.org/', 'https://cdn.example.org/a.js', 'ws://10.0.0.1:13292/', 'wss://x/', 'HTTPS://X/']) expect(remoteRequestDecision(url), url).toEqual({ cancel: true });
    for (const url of [APP_ENTRY, 'app://thincert/assets/a.js', 'data:text/html,x']) expect(remoteRequestDecision(url), url).toEqual({ cancel: false });
    expect(REMOTE_URL_PATTERNS.some((p) => p.startsWith('file:') || p.startsWith('app:'))).toBe(false);
  });
  it('#14 Disable or limit creation of new windows: window.open and target=_blank are denied', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
  });
  it('#13 will-navigate and will-redirect outside app://thincert are cancelled; inside they are not', () => {
    for (const url of ['https://example.org/', 'file:///etc/passwd', 'app://evil/', 'javascript:alert(1)', 'data:text/html,x']) {
      const event = navEvent();
      guardNavigation(event, url);
      expect(event.prevented, url).toBe(true);
    }
    const ok = navEvent();
    guardNavigation(ok, 'app://thincert/index.html');
    expect(ok.prevented).toBe(false);
  });
  it('#12 a <webview> attach attempt is refused', () => {
    const event = navEvent();
    refuseWebview(event);
    expect(event.prevented).toBe(true);
  });
  it('every new web contents gets the window-open, navigation, redirect and webview guards', () => {
    const listeners = new Map<string, unknown>();
    let openHandler: unknown;
    installContentsGuards({
      setWindowOpenHandler: (h) => (openHandler = h),
      on: (name: string, listener: unknown) => listeners.set(name, listener),
    });
    expect(openHandler).toBe(denyWindowOpen);
    expect(listeners.get('will-navigate')).toBe(guardNavigation);
    expect(listeners.get('will-redirect')).toBe(guardNavigation);
    expect(listeners.get('will-attach-webview')).toBe(refuseWebview);
  });
  it('#10 Do not use enableBlinkFeatures; middle-click (Auxclick) is disabled', () => {
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
  });
  it('#15 Do not use shell.openExternal with untrusted content: main/ never calls it', () => {
    const offenders = sourcesOf(path.join(__dirname, '..')).filter((file) => /\bopenExternal\b/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
  it('#20 Do not expose Electron APIs to untrusted web content: the preload exposes only window.thinCert', () => {
    const preload = readFileSync(path.join(__dirname, '..', 'preload', 'preload.ts'), 'utf8');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toContain("exposeInMainWorld('thinCert', api)");
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer/);
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
