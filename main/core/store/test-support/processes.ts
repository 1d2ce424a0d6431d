import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

export function runChild(script: string, args: string[]): Promise<ChildExit> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  return exitOf(child);
}

export function exitOf(child: ChildProcess): Promise<ChildExit> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** Starts a child and resolves once it has printed `line`, i.e. reached a known point. */
export function startChildUntil(script: string, args: string[], line: string): Promise<{ child: ChildProcess; exit: Promise<ChildExit> }> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exit = exitOf(child);
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(`${line}\n`)) resolve({ child, exit });
    });
    void exit.then((result) => reject(new Error(`child ended before "${line}": ${result.stderr}`)));
  });
}
