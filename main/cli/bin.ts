import { outputWasLost, processIo } from './io';
import { runCli } from './run';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code === 0 && outputWasLost() ? 1 : code;
  },
  (error: unknown) => {
    process.stderr.write(`thincert: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
