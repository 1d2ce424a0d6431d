/**
 * The CLI as it ships (scripts/build.mjs bundles the same entry), built into a
 * test's own folder so it does not race other builds of out/; run it with
 * `node <outfile> …` as another process.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export async function bundleCli(outfile: string): Promise<string> {
  await build({
    entryPoints: [fileURLToPath(new URL('../bin.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    logLevel: 'silent',
  });
  return outfile;
}
