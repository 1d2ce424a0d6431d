/**
 * The kiosk's guards as plain functions (issue 9), each proven by a unit test
 * in security.test.ts or kiosk.test.ts; main.ts only wires them to Electron.
 * Structural parameter types keep them testable without an Electron binary.
 */
import { isAllowedNavigation } from './sender';

/** Checklist "Handle session permission requests": ThinCert needs no camera, microphone, notifications, geolocation, HID, serial… */
export function denyPermissionRequest(_contents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

/** The synchronous twin of the request handler (navigator.permissions.query, device checks). */
export function denyPermissionCheck(): boolean {
  return false;
}

/** Checklist "Disable or limit creation of new windows": window.open, target=_blank, middle click. */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

interface PreventableEvent {
  preventDefault(): void;
}

/** Checklist "Disable or limit navigation": will-navigate, will-redirect and will-frame-navigate outside app:// are cancelled. */
export function guardNavigation(event: PreventableEvent, url: string): void {
  if (!isAllowedNavigation(url)) event.preventDefault();
}

/**
 * will-frame-navigate passes one details object (the URL on it) and fires for
 * every frame, also a subframe, which will-navigate does not see.
 */
export function guardFrameNavigation(details: PreventableEvent & { url: string }): void {
  guardNavigation(details, details.url);
}

/** Checklist "Do not use <webview>": even with webviewTag off, an attach attempt is refused. */
export function refuseWebview(event: PreventableEvent): void {
  event.preventDefault();
}

/**
 * Checklist "Do not load remote content": every http(s) and ws(s) request of
 * the session is cancelled before it leaves. Only these schemes are filtered,
 * so the app:// handler's own file:// reads are untouched; the Service's
 * network work (TLS probes, management server) uses Node sockets, not the
 * session, and is not affected.
 */
export const REMOTE_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];

export function remoteRequestDecision(url: string): { cancel: boolean } {
  return { cancel: /^(https?|wss?):/i.test(url) };
}

/**
 * Every download is cancelled before it starts: a download opens a save dialog,
 * and a file dialog is a file manager, a way out of the kiosk. ThinCert itself
 * never downloads anything.
 */
export function cancelDownload(event: PreventableEvent): void {
  event.preventDefault();
}

/** The renderer (window.close()) and the window manager cannot end the kiosk: only quitting does. */
export function kioskCloseGuard(isQuitting: () => boolean): (event: PreventableEvent) => void {
  return (event) => {
    if (!isQuitting()) event.preventDefault();
  };
}

/** No application menu: its accelerators (reload, devtools, zoom, quit) would be a way out of the kiosk. */
export function removeApplicationMenu(menu: { setApplicationMenu(menu: null): void }): void {
  menu.setApplicationMenu(null);
}

interface GuardedContents {
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (details: PreventableEvent & { url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

/** Applied to every web contents as it is created (app 'web-contents-created'). */
export function installContentsGuards(contents: GuardedContents): void {
  contents.setWindowOpenHandler(denyWindowOpen);
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);
  contents.on('will-frame-navigate', guardFrameNavigation);
  contents.on('will-attach-webview', refuseWebview);
}

interface GuardedSession {
  on(event: 'will-download', listener: (event: PreventableEvent) => void): unknown;
  setPermissionRequestHandler(handler: typeof denyPermissionRequest): void;
  setPermissionCheckHandler(handler: typeof denyPermissionCheck): void;
  webRequest: {
    onBeforeRequest(
      filter: { urls: string[] },
      listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void,
    ): void;
  };
}

export function installSessionGuards(session: GuardedSession): void {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.webRequest.onBeforeRequest({ urls: REMOTE_URL_PATTERNS }, (details, callback) => callback(remoteRequestDecision(details.url)));
  session.on('will-download', cancelDownload);
}
