/**
 * The CLI's one fingerprint confirmation (`enroll`, `fetch`): asked on the
 * terminal; with no terminal, the person is told to compare and pass
 * `--accept-fingerprint HEX`. False means nothing may be done (exit 1).
 */
import type { CliIo } from './io';

export interface FingerprintQuestion {
  question: string;
  /** Whose fingerprint to compare with: "the server's", "the server console's". */
  compareWith: string;
  /** Said when the person answers no: "Not enrolled.", "Not pinned.". */
  declined: string;
}

export async function confirmFingerprint(io: CliIo, ask: FingerprintQuestion): Promise<boolean> {
  const yes = await io.confirm(ask.question);
  if (yes === null) {
    io.err(`thincert: no terminal to confirm on: compare the fingerprint with ${ask.compareWith} and pass --accept-fingerprint HEX.\n`);
    return false;
  }
  if (!yes) io.err(`${ask.declined}\n`);
  return yes;
}
