import { terminalBlock } from './terminal-text';

/** What the CLI touches of its process, injected so tests run it in-process. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<Buffer>;
  /** Asks a yes/no question on the terminal; null when there is no terminal to ask on. */
  confirm(question: string): Promise<boolean | null>;
  env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
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
