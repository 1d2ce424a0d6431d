import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles store-child.ts into one CommonJS file that plain `node` runs, so
 * tests drive real, separate processes (locks and crashes are per process).
 */
export async function buildStoreChild(outDir: string): Promise<string> {
  const outfile = join(outDir, 'store-child.cjs');
  await build({
    entryPoints: [join(fileURLToPath(new URL('.', import.meta.url)), 'store-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
