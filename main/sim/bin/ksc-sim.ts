/**
 * Script entry of ksc-sim (bundle this file to out/sim/ksc-sim.cjs). Kept apart
 * from ksc-sim.ts so importing `main` in tests never starts a server, and so no
 * "am I the main module" test is needed under a CJS bundle.
 */
import { KSC_SIM_USAGE, main } from '../ksc-sim';
import { UsageError } from '../sim-args';

main(process.argv.slice(2)).then(
  (sim) => {
    const stop = () => void sim.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: unknown) => {
    process.stderr.write(`ksc-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof UsageError) process.stderr.write(`${KSC_SIM_USAGE}\n`);
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
