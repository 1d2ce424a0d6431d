// Makes the CLI bundle ASCII-only, in place (issue 14). esbuild already
// escapes every non-ASCII character in code (charset "ascii"), but keeps the
// comments it carries over as written: a few '§' and '…' made the whole
// 1.7 MB source a two-byte string, so every start decoded it as UTF-8 the
// slow way (about 30 M instructions, 5% of a `check` process). A \uXXXX in a
// comment is the same comment, and in code it is what esbuild writes anyway.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/** Rewrites `bundle` only when it holds a non-ASCII character; the new file is renamed into place. */
export function asciiOnlyBundle(bundle) {
  const source = readFileSync(bundle, 'utf8');
  // Astral characters are two UTF-16 units, each escaped: the same string as JavaScript reads it.
  const ascii = source.replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii === source) return;
  const next = `${bundle}.ascii-${process.pid}`;
  writeFileSync(next, ascii);
  renameSync(next, bundle);
}
