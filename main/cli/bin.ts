import { processIo } from './io';
import { runCli } from './run';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    // A 1 set already because stdout failed (io.ts) outlasts a success.
    process.exitCode = code || process.exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`thincert: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
