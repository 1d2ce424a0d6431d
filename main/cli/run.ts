/**
 * `thincert`: a thin adapter over the Service (CLI.md). Errors go to stderr as
 * one to three lines a person can act on; exit statuses are CLI.md's.
 */
import { createCommandLineService } from '../core/create-service';
import { isThinCertError } from '../core/errors';
import { parseCliArgs } from './args';
import { COMMANDS } from './commands';
import { UsageError } from './purpose-arg';
import { terminalIo, type CliIo } from './io';
import { terminalField } from './terminal-text';

export const EXIT = { ok: 0, failed: 1, usage: 2, untrusted: 3, locked: 4 } as const;

export function helpText(command: string | null): string {
  if (command && COMMANDS[command]) {
    const c = COMMANDS[command];
    return `usage: thincert [--data-dir DIR] ${c.usage}\n\n${c.summary}\n`;
  }
  const rows = Object.entries(COMMANDS).map(([, c]) => `  ${c.usage.padEnd(58)} ${c.summary}`);
  return [
    'usage: thincert [--data-dir DIR] COMMAND [ARGS] [--json]',
    '',
    'Commands:',
    ...rows,
    '',
    'Options:',
    '  --data-dir DIR   the data folder (default: $THINCERT_DATA_DIR, else ~/.local/share/thincert)',
    '  --json           print exactly one JSON document on stdout',
    '  --debug          add a stack trace to errors',
    '',
    'Exit status: 0 done, 1 refused or failed, 2 usage error, 3 server not trusted, 4 locked out or replacement required.',
    '',
  ].join('\n');
}

export async function runCli(argv: readonly string[], processIo: CliIo): Promise<number> {
  const outcome = parseCliArgs(argv, COMMANDS);
  // Human output and every error pass through the terminal guard; only --json stdout stays exact.
  const io = terminalIo(processIo, outcome.kind === 'command' && outcome.parsed.json);
  if (outcome.kind === 'help') {
    io.out(helpText(outcome.command));
    return EXIT.ok;
  }
  if (outcome.kind === 'usage-error') {
    io.err(`thincert: ${terminalField(outcome.message)}\n${outcome.command ? helpText(outcome.command).split('\n')[0] : "Try 'thincert --help'."}\n`);
    return EXIT.usage;
  }
  const { parsed } = outcome;
  const command = COMMANDS[parsed.command];
  if (!command) return EXIT.usage;
  const service = createCommandLineService(parsed.dataDir, io.env);
  try {
    return await command.run({ service, args: parsed, io });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`thincert: ${terminalField(error.message)}\n${helpText(parsed.command).split('\n')[0]}\n`);
      return EXIT.usage;
    }
    if (isThinCertError(error)) {
      // Refusals quote certificate text ('weak-key' names the subject): one escaped line.
      io.err(`thincert: ${terminalField(error.message)}\n`);
      if (parsed.debug && error.stack) io.err(`${error.stack}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`thincert: internal error: ${terminalField(message)}\n${parsed.debug && error instanceof Error && error.stack ? `${error.stack}\n` : 'Run again with --debug for details.\n'}`);
    return EXIT.failed;
  } finally {
    await service.close();
  }
}
