import os from 'node:os';
import path from 'node:path';

/** The data folder (ARCHITECTURE.md, "The store"): --data-dir › THINCERT_DATA_DIR › $XDG_DATA_HOME/thincert. */
export function resolveDataDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return path.resolve(explicit);
  if (env.THINCERT_DATA_DIR) return path.resolve(env.THINCERT_DATA_DIR);
  const xdg = env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'thincert');
}
