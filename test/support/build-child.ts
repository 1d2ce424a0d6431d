import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles a test's child script (a .ts file beside the test) into one CommonJS file that plain `node`
 * runs, so a test drives real, separate processes: locks, fsyncs and crashes are per process.
 * Electron stays out of the bundle: a child is a plain Node process, never the Electron host.
 * Returns the bundle's path, `<outDir>/<script name>.cjs`.
 */
export async function buildChild(script: URL, outDir: string): Promise<string> {
  const entry = fileURLToPath(script);
  const outfile = join(outDir, `${basename(entry, '.ts')}.cjs`);
  await build({
    entryPoints: [entry],
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
