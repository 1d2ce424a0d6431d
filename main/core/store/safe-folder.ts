/**
 * Whether ThinCert may write into a folder (hole 9). Whoever can change a
 * folder, or any folder above it, can swap its entries for links or for files
 * of their own between our check and our write, and so make ThinCert replace
 * any file it can write or trust certificates it never added. So only
 * ThinCert's own user (or root) may own and be able to change those folders.
 * Refused, not repaired: a folder that was open to others may already hold
 * what they planted, which a chmod would not remove.
 */
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';
import { ThinCertError } from '../errors';

export const DATA_DIR_UNSAFE = 'data-dir-unsafe';

const GROUP_OR_OTHER_WRITE = 0o022;
const STICKY = 0o1000;
const ROOT = 0;

/**
 * Refuses to let a file be written into `dir` unless `dir` is a real folder
 * (not a link) and neither it nor any folder above it can be changed by a
 * user other than ours or root. A root-owned sticky folder such as /tmp is
 * accepted: there nobody may rename or remove another user's entries.
 * A missing folder is left to the write, which reports it.
 */
export async function assertSafeFolder(dir: string): Promise<void> {
  await assertSafeFolders([dir]);
}

/**
 * assertSafeFolder for several folders at once (issue 14: one change writes
 * into ten folders of the data folder, which share every folder above): each
 * folder and each folder above them is looked at once, all at the same time.
 * The first problem in the order given is the one reported.
 */
export async function assertSafeFolders(dirs: readonly string[]): Promise<void> {
  const folders = [...new Set(dirs.map((dir) => path.resolve(dir)))];
  // lstat and realpath on this thread: microseconds each, where a trip through libuv's pool cost more than the call (issue 14).
  const infos = folders.map((folder) => lstatSync(folder, { throwIfNoEntry: false }) ?? null);
  const present: string[] = [];
  folders.forEach((folder, i) => {
    const info = infos[i];
    if (info === undefined || info === null) return;
    if (info.isSymbolicLink()) {
      throw unsafe(folder, 'link', `${folder} is a link, not a folder; ThinCert does not write through links. Point it at the real folder.`);
    }
    refuseIfOthersCanChange(folder, info);
    present.push(folder);
  });
  // Above them, the real folders: a link on the way (/var/run → /run) is only as safe as where it leads.
  const parents = [...new Set(present.map((folder) => path.dirname(folder)))];
  const above: string[] = [];
  for (let current of parents.map((parent) => realpathSync(parent))) {
    for (;;) {
      if (!above.includes(current)) above.push(current);
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  const aboveInfos = above.map((folder) => lstatSync(folder));
  above.forEach((folder, i) => refuseIfOthersCanChange(folder, aboveInfos[i] as Stats));
}

function refuseIfOthersCanChange(folder: string, info: Stats): void {
  const euid = process.geteuid?.();
  if (euid !== undefined && info.uid !== euid && info.uid !== ROOT) {
    throw unsafe(
      folder,
      'owner',
      `${folder} belongs to user ${info.uid}, not to the user ThinCert runs as (${euid}); nothing was written. ` +
        'Run ThinCert as that user, or give the folder to this one after checking what is in it.',
      { owner: info.uid },
    );
  }
  const sharedButSticky = (info.mode & STICKY) !== 0 && info.uid === ROOT;
  if ((info.mode & GROUP_OR_OTHER_WRITE) !== 0 && !sharedButSticky) {
    const mode = (info.mode & 0o7777).toString(8).padStart(4, '0');
    throw unsafe(
      folder,
      'mode',
      `${folder} can be changed by other users (mode ${mode}); nothing was written. Check what is in it, then run: chmod go-w ${folder}`,
      { mode },
    );
  }
}

function unsafe(folder: string, problem: 'link' | 'owner' | 'mode', message: string, extra: Record<string, string | number> = {}): ThinCertError {
  return new ThinCertError(DATA_DIR_UNSAFE, message, { path: folder, problem, ...extra });
}
