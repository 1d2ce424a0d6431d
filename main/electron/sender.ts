/** The renderer is served only from this origin (a custom protocol, not file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'thincert';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * Every IPC handler asks this about the frame that sent the message (Electron
 * security checklist, "Validate the sender of all IPC messages"): only our own
 * page may reach the Service, never a frame that navigated elsewhere.
 */
export function isTrustedSenderUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/** What IPC handlers see of the frame that sent a message (Electron's WebFrameMain). */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * The sender must be our page's main frame: a subframe (an iframe, even one
 * showing an app:// URL) is never ThinCert's UI. Electron gives no frame
 * (null) when the sender navigated away or was destroyed: refused too.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  return frame !== null && frame !== undefined && frame.parent === null && isTrustedSenderUrl(frame.url);
}

/** Navigation is allowed only within our own origin (checklist: "Disable or limit navigation"). */
export function isAllowedNavigation(url: string): boolean {
  return isTrustedSenderUrl(url);
}
