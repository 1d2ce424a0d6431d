import path from 'node:path';
import type { Privileges } from 'electron';
import { APP_HOST } from './sender';

/**
 * How app:// is registered, before the app is ready. `standard` resolves the
 * page's relative URLs and gives it storage; `secure` makes it a secure
 * context. `codeCache` lets Chromium keep the code it compiled from the page's
 * scripts, which it does only for http(s) unless asked (and only with
 * `standard`): without it every boot of the kiosk compiled React and the page
 * anew, most of the time to the home screen in a fresh browser (issue 14,
 * the kiosk at boot). The assets' names change with their bytes, so a kept
 * compile is never of other code.
 */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true } as const satisfies Privileges;

/**
 * Maps an app:// request to a file of the built renderer, or null. Requests for
 * another host, or a path that climbs out of the renderer folder, are refused.
 */
export function resolveAppUrl(rendererDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const full = path.resolve(root, relative);
  if (!full.startsWith(root + path.sep)) return null;
  return full;
}

