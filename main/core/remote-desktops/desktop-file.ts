/**
 * The operator's named remote desktops on an unmanaged device, in
 * `<data>/remote-desktops.json`, written with the store's durable-file helpers
 * under the data folder's lock: atomic, durable, one writer at a time across
 * the app and the CLI.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { RemoteDesktop } from '../../../app/remote-desktop-channels';
import { ThinCertError } from '../errors';
import { readFileIfExists, withDirLock, writeFileDurable } from '../store/durable-file';

/** A kiosk's home screen, not an address book: beyond this the list is a mistake or an attack on the file. */
export const MAX_DESKTOPS = 200;

export function desktopsFile(dataDir: string): string {
  return path.join(dataDir, 'remote-desktops.json');
}

export async function readDesktops(dataDir: string): Promise<RemoteDesktop[]> {
  const file = desktopsFile(dataDir);
  const bytes = await readFileIfExists(file);
  if (bytes === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw damaged(file);
  }
  const list = (parsed as { desktops?: unknown } | null)?.desktops;
  if (!Array.isArray(list) || !list.every(isDesktop)) throw damaged(file);
  return list;
}

function isDesktop(entry: unknown): entry is RemoteDesktop {
  if (typeof entry !== 'object' || entry === null) return false;
  const d = entry as Record<string, unknown>;
  return typeof d.id === 'string' && typeof d.name === 'string' && typeof d.host === 'string' && typeof d.port === 'number';
}

function damaged(file: string): ThinCertError {
  return new ThinCertError('desktops-damaged', `The remote desktops file ${file} is damaged; fix or remove it.`, { path: file });
}

/** Runs `change` on the freshest list under the folder's lock; a refusal inside writes nothing. */
export async function updateDesktops(dataDir: string, change: (list: RemoteDesktop[]) => RemoteDesktop[]): Promise<RemoteDesktop[]> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  return withDirLock(dataDir, async () => {
    const next = change(await readDesktops(dataDir));
    if (next.length > MAX_DESKTOPS) {
      throw new ThinCertError('too-many-desktops', `At most ${MAX_DESKTOPS} remote desktops can be kept.`, { max: MAX_DESKTOPS });
    }
    await writeFileDurable(desktopsFile(dataDir), `${JSON.stringify({ desktops: next }, null, 2)}\n`, { mode: 0o600 });
    return next;
  });
}

export function newDesktopId(): string {
  return randomBytes(9).toString('base64url');
}
