/**
 * Runs the `openssl` binary for the test PKI and the cross-checks. Fails loudly
 * when the binary is missing: a silently skipped PKI would make every trust
 * test meaningless.
 */
import { spawnSync } from 'node:child_process';

export interface OpensslRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runOpenssl(args: string[], options: { cwd?: string; input?: string } = {}): OpensslRun {
  const result = spawnSync('openssl', args, {
    cwd: options.cwd,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error) {
    throw new Error(`openssl could not run (${result.error.message}); install it with: apt-get install -y openssl`);
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Like runOpenssl, but a non-zero status is an error (PKI generation must not half-succeed). */
export function openssl(args: string[], options: { cwd?: string; input?: string } = {}): string {
  const run = runOpenssl(args, options);
  if (run.status !== 0) {
    throw new Error(`openssl ${args.join(' ')} failed (${run.status}):\n${run.stderr}`);
  }
  return run.stdout;
}
