/** Runs the CLI in-process with captured output, as a script would see it. */
import type { CliIo } from '../io';
import { runCli } from '../run';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export async function thincert(dataDir: string, args: string[], options: { stdin?: Buffer; env?: NodeJS.ProcessEnv; confirm?: boolean | null } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => void (stdout += t),
    err: (t) => void (stderr += t),
    readStdin: async () => options.stdin ?? Buffer.alloc(0),
    confirm: async () => options.confirm ?? null,
    env: { ...options.env, THINCERT_DATA_DIR: dataDir },
  };
  const status = await runCli(args, io);
  return { status, stdout, stderr };
}
