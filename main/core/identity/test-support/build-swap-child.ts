import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Bundles swap-child.ts into one CommonJS file plain `node` runs: crashes are per process. */
export async function buildSwapChild(outDir: string): Promise<string> {
  const outfile = join(outDir, 'swap-child.cjs');
  await build({
    entryPoints: [join(fileURLToPath(new URL('.', import.meta.url)), 'swap-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}
