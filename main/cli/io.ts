import { terminalBlock } from './terminal-text';

/** What the CLI touches of its process, injected so tests run it in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /**
   * Reads stdin to its end, or until it held more than `maxBytes`: then at most
   * one chunk beyond, enough to tell it is too large (read-input.ts says so)
   * without holding an endless input (`< /dev/zero`) in memory.
   */
  readStdin(maxBytes: number): Promise<Buffer>;
  /** Asks a yes/no question on the terminal; null when there is no terminal to ask on. */
  confirm(question: string): Promise<boolean | null>;
  env: NodeJS.ProcessEnv;
}

/**
 * A reader that stops reading (`thincert list | head -1`) closes the pipe: the
 * rest of the output has nowhere to go, and that was the reader's choice, so
 * the command ends as it would have, quietly (as `git log | head` does). Any
 * other failure of the stream is said once, in one line. Unheard, either
 * would end the process with Node's stack trace.
 */
function guarded(stream: NodeJS.WriteStream, name: 'stdout' | 'stderr'): (text: string) => void {
  let open = true;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    open = false;
    if (error.code === 'EPIPE') return;
    if (name === 'stdout') {
      // A success that did not reach its reader is not one; bin.ts keeps this 1 when the command ends with 0.
      if (!process.exitCode) process.exitCode = 1;
      process.stderr.write(`thincert: the output could not be written (${error.code ?? error.message})\n`);
    }
  });
  return (text) => {
    if (open) stream.write(text);
  };
}

export function processIo(): CliIo {
  return {
    out: guarded(process.stdout, 'stdout'),
    err: guarded(process.stderr, 'stderr'),
    readStdin: async (maxBytes) => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size > maxBytes) break; // leaving the loop destroys the stream: nothing more is read
      }
      return Buffer.concat(chunks);
    },
    confirm: async (question) => {
      if (!process.stdin.isTTY) return null;
      const readline = await import('node:readline/promises');
      const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await rl.question(`${question} [y/N] `);
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
    env: process.env,
  };
}

/**
 * What commands get: every human line passes through terminalBlock, so a
 * certificate's text cannot act on the terminal even where a command forgot
 * terminalField. `--json` stdout is left exact: JSON.stringify escapes C0 itself
 * and a script must read back the very string the certificate holds.
 */
export function terminalIo(io: CliIo, json: boolean): CliIo {
  return {
    ...io,
    out: json ? (text) => io.out(text) : (text) => io.out(terminalBlock(text)),
    err: (text) => io.err(terminalBlock(text)),
    confirm: (question) => io.confirm(terminalBlock(question)),
  };
}
