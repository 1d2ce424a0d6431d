import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs a bench entry's rows in a scratch folder that is removed afterwards, then ends the process:
 * 0 when the rows ran, 1 (with the error) when one failed, so a script sees a failed row.
 * Exits explicitly because a row may leave a browser or a peer's handle behind.
 */
export function runAlone(scratchPrefix: string, rows: (scratch: string) => Promise<void>): void {
  const scratch = mkdtempSync(path.join(os.tmpdir(), scratchPrefix));
  void rows(scratch)
    .finally(() => rmSync(scratch, { recursive: true, force: true }))
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
}
