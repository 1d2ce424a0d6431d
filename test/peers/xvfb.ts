/**
 * An X server for FreeRDP in the tests: Xvfb picks a free display itself
 * (-displayfd, as `xvfb-run -a` does) and is reachable only through its unix
 * socket (-nolisten tcp). No authorization: the socket is local to the test.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface XvfbPeer {
  display: string;
  stop(): Promise<void>;
}

const XVFB = '/usr/bin/Xvfb';

export async function startXvfb(): Promise<XvfbPeer> {
  if (!existsSync(XVFB)) throw new Error(`${XVFB} is missing; install it with: apt-get install -y xvfb`);
  const child = spawn(XVFB, ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1024x768x24'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const display = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start:\n${log}`)), 15_000);
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    fd3.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const line = /^(\d+)\n/.exec(text);
      if (line) {
        clearTimeout(timer);
        resolve(`:${line[1]}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${String(code)}):\n${log}`));
    });
  });
  return {
    display,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
