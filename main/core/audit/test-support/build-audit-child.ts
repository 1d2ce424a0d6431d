import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Bundles audit-child.ts into one CommonJS file that plain `node` runs: real, separate processes. */
export async function buildAuditChild(outDir: string): Promise<string> {
  const outfile = join(outDir, 'audit-child.cjs');
  await build({
    entryPoints: [join(fileURLToPath(new URL('.', import.meta.url)), 'audit-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    external: ['electron'],
    logLevel: 'silent',
  });
  return outfile;
}
