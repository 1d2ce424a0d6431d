/**
 * Starts a real server binary for the tests and waits until it accepts TCP on
 * its ports. A missing binary fails loudly with the package to install; a
 * server that dies on start fails with its log, so a broken config is visible.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PeerProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface SpawnPeerOptions {
  binary: string;
  args: string[];
  /** Debian package that provides the binary, named in the error when it is missing. */
  aptPackage: string;
  ports: number[];
  /** Files whose content explains a failed start (error log). */
  logFiles: string[];
  cwd?: string;
  readyTimeoutMs?: number;
}

export async function spawnPeer(options: SpawnPeerOptions): Promise<PeerProcess> {
  if (!existsSync(options.binary)) {
    throw new Error(`${options.binary} is missing; install it with: apt-get install -y ${options.aptPackage}`);
  }
  const child = spawn(options.binary, options.args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const stop = async (): Promise<void> => {
    if (exited !== undefined || child.exitCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(killTimer);
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 15_000);
  for (const port of options.ports) {
    while (!(await accepts(port))) {
      if (exited !== undefined || Date.now() > deadline) {
        await stop();
        const logs = options.logFiles.filter((f) => existsSync(f)).map((f) => `${f}:\n${readFileSync(f, 'utf8')}`);
        throw new Error(
          `${options.binary} ${exited !== undefined ? `exited (${String(exited)})` : 'did not listen'} on 127.0.0.1:${port}\n${output}\n${logs.join('\n')}`,
        );
      }
      await sleep(50);
    }
  }
  return { child, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
