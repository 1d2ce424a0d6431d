import { join } from 'node:path';
import type { Purpose } from '../../../app/purposes';

/** Where the store keeps its files inside the data folder (ARCHITECTURE.md, "The store"). */
export const STORE_FILE = 'store.json';
export const BUNDLES_FOLDER = 'bundles';

export function storeFilePath(dir: string): string {
  return join(dir, STORE_FILE);
}

export function bundlesDir(dir: string): string {
  return join(dir, BUNDLES_FOLDER);
}

/** Other thin-client programs are pointed at these paths as CA files, so they must never move. */
export function bundlePath(dir: string, purpose: Purpose): string {
  return join(bundlesDir(dir), `${purpose}.pem`);
}
