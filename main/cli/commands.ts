/** The command table of `thincert` (CLI.md): parsing spec and implementation side by side. */
import type { CommandSpec } from './args';
import type { CommandRun } from './context';
import { runStatus } from './commands/status';

export interface Command extends CommandSpec {
  run: CommandRun;
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  status: {
    positionals: [],
    flags: {},
    summary: 'mode, counts, expiring certificates, management state',
    usage: 'status [--json]',
    run: runStatus,
  },
};
