import type { ThinCertService } from '../core/create-service';
import type { ParsedCommand } from './args';
import type { CliIo } from './io';

export interface CliContext {
  service: ThinCertService;
  args: ParsedCommand;
  io: CliIo;
}

/** A command returns its exit status (CLI.md): 0 done, 1 refused, 3 untrusted, 4 locked out. */
export type CommandRun = (context: CliContext) => Promise<number>;

export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

export function stringFlag(args: ParsedCommand, name: string): string | undefined {
  const value = args.flags[name];
  return typeof value === 'string' ? value : undefined;
}
