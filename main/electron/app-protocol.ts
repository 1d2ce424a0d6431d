import path from 'node:path';
import { APP_HOST } from './sender';

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

