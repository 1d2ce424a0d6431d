import { AsyncLocalStorage } from 'node:async_hooks';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ThinCertError } from '../errors';

export interface DirLockOptions {
  /**
   * How old (ms) a holder's heartbeat may be before the lock is taken over;
   * this is what frees a folder whose holder was SIGKILLed or lost power.
   * proper-lockfile will not go below 2000.
   */
  staleMs?: number;
  /** How long to keep trying before giving up with `folder-busy`. */
  waitMs?: number;
  /**
   * Refuse when this call chain already holds another folder's lock. A lock
   * that others take inside theirs must always come first: taken second, two
   * processes could each hold what the other waits for until `waitMs` runs out.
   */
  outermost?: boolean;
  /**
   * Writers inside this hold that lock the same folder again (the store's
   * update inside an audited change) write under this hold instead of being
   * refused: one lock, taken once, for a whole change (issue 14).
   */
  shared?: boolean;
}

interface Hold {
  shared: boolean;
  /** False once the hold has ended: a late inner call must then take the lock itself. */
  open: boolean;
}

const DEFAULT_STALE_MS = 10_000;
const DEFAULT_WAIT_MS = 60_000;
const RETRY_MIN_MS = 10;
const RETRY_MAX_MS = 200;

/** Serialises holders inside one process so they queue instead of polling the lock folder. */
const inProcessTails = new Map<string, Promise<unknown>>();

/** The folders the current async call chain holds, to turn a nested lock into an error (or a shared hold) instead of a hang. */
const held = new AsyncLocalStorage<ReadonlyMap<string, Hold>>();

/**
 * Runs `fn` while holding a cross-process lock on `dir` (ARCHITECTURE.md:
 * "one writer at a time across processes"). The folder must exist. The lock
 * is the folder `<dir>/.lock`, made with mkdir, which is atomic on every local
 * file system; the holder refreshes its mtime, so a dead holder's lock goes
 * stale and is taken over.
 */
export async function withDirLock<T>(
  dir: string,
  fn: () => Promise<T>,
  options: DirLockOptions = {},
): Promise<T> {
  // One folder, one key: the audit's hold and the store's writes inside name it alike.
  dir = resolve(dir);
  const holding = new Map([...(held.getStore() ?? new Map<string, Hold>())].filter(([, hold]) => hold.open));
  const outer = holding.get(dir);
  if (outer?.shared === true) return fn();
  if (outer !== undefined) {
    // Waiting here would wait on ourselves until `waitMs` runs out.
    throw new ThinCertError('folder-lock-nested', `${dir} is already locked by this same operation; a lock on it cannot be taken again inside.`, {
      path: dir,
    });
  }
  if (options.outermost === true && holding.size > 0) {
    throw new ThinCertError('folder-lock-nested', `${dir} must be locked before any other folder, but this operation already holds ${[...holding.keys()].join(', ')}.`, {
      path: dir,
    });
  }
  const hold: Hold = { shared: options.shared === true, open: true };
  const inside = async () => {
    try {
      return await held.run(new Map([...holding, [dir, hold]]), fn);
    } finally {
      hold.open = false;
    }
  };
  const previous = inProcessTails.get(dir) ?? Promise.resolve();
  const run = previous.then(
    () => lockedRun(dir, inside, options),
    () => lockedRun(dir, inside, options),
  );
  const tail = run.catch(() => undefined);
  inProcessTails.set(dir, tail);
  try {
    return await run;
  } finally {
    if (inProcessTails.get(dir) === tail) inProcessTails.delete(dir);
  }
}

async function lockedRun<T>(dir: string, fn: () => Promise<T>, options: DirLockOptions): Promise<T> {
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  // proper-lockfile retries every failure, so a missing folder would otherwise cost the whole wait.
  const folder = statSync(dir, { throwIfNoEntry: false });
  if (folder === undefined || !folder.isDirectory()) {
    throw new ThinCertError('folder-lock-failed', `Could not lock ${dir}: there is no such folder.`, { path: dir });
  }
  const health: { compromised: Error | null } = { compromised: null };
  let release: () => Promise<void>;
  try {
    // Loaded on first lock: read-only commands never take one, and graceful-fs patches fs at load.
    const { lock, lockSync } = await import('proper-lockfile');
    const lockOptions = {
      lockfilePath: join(dir, '.lock'),
      // The folder itself is the target; resolving it again on every attempt buys nothing.
      realpath: false,
      stale: staleMs,
      // The default throws from a timer, which would crash the process; the
      // holder learns of it when `fn` ends instead.
      onCompromised: (error: Error) => {
        health.compromised = error;
      },
    };
    try {
      // A free lock, the common case, is taken with a few microsecond calls on
      // this thread instead of trips through libuv's pool (issue 14: fsync.ts).
      const releaseNow = lockSync(dir, lockOptions);
      release = async () => releaseNow();
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'ELOCKED')) throw error;
      release = await lock(dir, {
        ...lockOptions,
        retries: {
          retries: Math.ceil(waitMs / RETRY_MAX_MS),
          minTimeout: RETRY_MIN_MS,
          maxTimeout: RETRY_MAX_MS,
          factor: 1.5,
          // Random back-off keeps many waiting processes from retrying in step.
          randomize: true,
        },
      });
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ELOCKED') {
      throw new ThinCertError(
        'folder-busy',
        `Another ThinCert process kept ${dir} locked for more than ${Math.round(waitMs / 1000)} s. ` +
          'Try again; if this repeats, look for a stuck thincert process.',
        { path: dir },
      );
    }
    throw new ThinCertError(
      'folder-lock-failed',
      `Could not lock ${dir}: ${error instanceof Error ? error.message : String(error)}.`,
      { path: dir },
    );
  }
  try {
    const result = await fn();
    if (health.compromised !== null) throw lockLost(dir, health.compromised);
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}

function lockLost(dir: string, cause: Error): ThinCertError {
  return new ThinCertError(
    'folder-lock-lost',
    `The lock on ${dir} was lost while in use (${cause.message}); another process may have changed it at the same time. Check the result and repeat the action.`,
    { path: dir },
  );
}
