/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security),
 * one test per item that applies to ThinCert, each naming the item it proves.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createService } from '../core/create-service';
import { registerIpc, type IpcRegistry } from './ipc';
import { kioskWindowOptions } from './window-options';
import { isAllowedNavigation, isTrustedSender, isTrustedSenderUrl, APP_ENTRY } from './sender';
import { APP_SCHEME_PRIVILEGES, resolveAppUrl } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from '../hosts/csp';
import {
  cancelDownload,
  denyPermissionCheck,
  denyPermissionRequest,
  denyWindowOpen,
  guardFrameNavigation,
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

/** will-frame-navigate's single argument: the event and its details in one object. */
function frameNavigation(url: string, isMainFrame: boolean) {
  const details = { url, isMainFrame, prevented: false, preventDefault: () => (details.prevented = true) };
  return details;
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
  it('app:// is a secure, standard scheme whose compiled scripts Chromium keeps from one boot to the next', () => {
    // Electron keeps a custom scheme's code cache only when it is standard too; nothing here bypasses the CSP.
    expect(APP_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true, codeCache: true });
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
      on: () => undefined,
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
  it('kiosk: every download is cancelled on the session (its save dialog would be a way out)', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }, item: unknown) => void>();
    installSessionGuards({
      on: (name: string, listener: never) => listeners.set(name, listener),
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
      webRequest: { onBeforeRequest: () => undefined },
    });
    expect(listeners.get('will-download')).toBe(cancelDownload);
    const event = navEvent();
    listeners.get('will-download')?.(event, { getURL: () => 'app://thincert/index.html' });
    expect(event.prevented).toBe(true);
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
    expect(listeners.get('will-frame-navigate')).toBe(guardFrameNavigation);
    expect(listeners.get('will-attach-webview')).toBe(refuseWebview);
  });
  it('#13 will-frame-navigate (every frame, also a subframe) outside app://thincert is cancelled through the installed listener', () => {
    const listeners = new Map<string, (details: { url: string; isMainFrame: boolean; preventDefault(): void }) => void>();
    installContentsGuards({
      setWindowOpenHandler: () => undefined,
      on: (name: string, listener: never) => listeners.set(name, listener),
    });
    const frameNavigate = listeners.get('will-frame-navigate');
    expect(frameNavigate).toBeTypeOf('function');
    for (const [url, isMainFrame] of [['https://example.org/', false], ['file:///etc/passwd', false], ['data:text/html,x', false], ['app://evil/', true]] as const) {
      const details = frameNavigation(url, isMainFrame);
      frameNavigate?.(details);
      expect(details.prevented, url).toBe(true);
    }
    const ok = frameNavigation('app://thincert/index.html', true);
    frameNavigate?.(ok);
    expect(ok.prevented).toBe(false);
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
  it('#17 the sender must be the main frame of our page: a subframe, even at an app:// URL, is not', () => {
    const main = { url: 'app://thincert/index.html', parent: null };
    expect(isTrustedSender(main)).toBe(true);
    expect(isTrustedSender({ url: 'app://thincert/index.html', parent: main })).toBe(false);
    expect(isTrustedSender({ url: 'https://example.org/', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
  it('#17 the IPC handlers answer only our main frame; anything else is refused before the Service sees it', async () => {
    const handlers = new Map<string, Parameters<IpcRegistry['handle']>[1]>();
    const service = createService({ dataDir: path.join(mkdtempSync(path.join(os.tmpdir(), 'thincert-ipc-')), 'data'), background: false });
    const unregister = registerIpc({ handle: (channel, listener) => handlers.set(channel, listener), removeHandler: (channel) => handlers.delete(channel) }, service);
    try {
      const list = handlers.get('thincert:list');
      expect(list).toBeTypeOf('function');
      const main = { url: 'app://thincert/index.html', parent: null };
      expect(await list?.({ senderFrame: main }, {})).toEqual({ ok: true, value: { certificates: [], total: 0 } });
      const forbidden = { ok: false, error: { code: 'forbidden', message: 'Refused: the request did not come from ThinCert.' } };
      expect(await list?.({ senderFrame: { url: 'app://thincert/index.html', parent: main } }, {})).toEqual(forbidden);
      expect(await list?.({ senderFrame: { url: 'https://example.org/', parent: null } }, {})).toEqual(forbidden);
      expect(await list?.({ senderFrame: null }, {})).toEqual(forbidden);
    } finally {
      unregister();
      await service.close();
    }
    expect(handlers.size).toBe(0);
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
