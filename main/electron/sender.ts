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

/** Navigation is allowed only within our own origin (checklist: "Disable or limit navigation"). */
export function isAllowedNavigation(url: string): boolean {
  return isTrustedSenderUrl(url);
}
