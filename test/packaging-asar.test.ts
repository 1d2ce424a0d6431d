/**
 * What goes into app.asar (issue 9): electron-builder.yml's `files` applied to
 * the build output by electron-builder's own matcher (app-builder-lib's
 * getMainFileMatchers, the function its packager calls, with its default
 * exclusions), walked the way its copier walks. Only built output may be in
 * it: no sources, tests, maps, web host, simulator or node_modules.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '..');
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
  directories: { output: string; buildResources: string };
  linux: Record<string, unknown>;
};
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main?: string; dependencies?: Record<string, string> };

type Filter = (file: string, stat: Pick<Stats, 'isDirectory'>) => boolean;
interface FileMatcher {
  from: string;
  patterns: string[];
  createFilter(): Filter;
}
type GetMainFileMatchers = (
  appDir: string,
  destination: string,
  macroExpander: (s: string) => string,
  platformSpecificBuildOptions: Record<string, unknown>,
  platformPackager: { info: Record<string, unknown> },
  outDir: string,
  isElectronCompile: boolean,
) => FileMatcher[];

// getMainFileMatchers is internal to app-builder-lib (not in its typings), so it is typed here by hand.
const { getMainFileMatchers } = createRequire(__filename)('app-builder-lib/out/fileMatcher') as { getMainFileMatchers: GetMainFileMatchers };

function mainMatcher(): FileMatcher {
  const info = {
    projectDir: root,
    buildResourcesDir: path.resolve(root, config.directories.buildResources),
    config,
    isPrepackedAppAsar: false,
    debugLogger: { isEnabled: false, add: () => undefined },
  };
  const matchers = getMainFileMatchers(root, '/asar', (s) => s, config.linux, { info }, path.resolve(root, config.directories.output), false);
  expect(matchers).toHaveLength(1);
  return matchers[0] as FileMatcher;
}

/** Walks like builder-util's copyDir: a folder the filter refuses is not entered. */
function packedFiles(filter: Filter): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const stat = statSync(full);
      if (!filter(full, stat)) continue;
      if (stat.isDirectory()) walk(full);
      else files.push(path.relative(root, full));
    }
  };
  walk(root);
  return files.sort();
}

const FORBIDDEN: [string, RegExp][] = [
  ['TypeScript sources', /\.(ts|tsx|mts|cts)$/],
  ['tests', /(^|\/)(test|e2e)\/|\.(test|spec)\.[cm]?[jt]sx?$/],
  ['source maps', /\.map$/],
  ['the web host', /^out\/web\//],
  ['the simulator', /^out\/sim\//],
  ['node_modules', /(^|\/)node_modules\//],
  ['sources outside out/', /^(main|app|renderer|scripts|assets|docs)\//],
];

describe('the asar holds only built output', () => {
  let files: string[];
  let filter: Filter;
  beforeAll(() => {
    // The build output must exist; ensure-built rebuilds only when a source is newer.
    const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'ensure-built.mjs')], { cwd: root, encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    filter = mainMatcher().createFilter();
    files = packedFiles(filter);
  }, 120_000);

  it('packs the main process, preload, renderer, CLI and package.json', () => {
    expect(files).toContain('package.json');
    expect(files).toContain('out/main/electron.cjs');
    expect(files).toContain('out/preload/preload.cjs');
    expect(files).toContain('out/renderer/index.html');
    expect(files).toContain('out/cli/thincert.cjs');
    expect(files.every((f) => f === 'package.json' || f.startsWith('out/'))).toBe(true);
  });

  it.each(FORBIDDEN)('packs no %s', (_what, pattern) => {
    expect(files.filter((f) => pattern.test(f))).toEqual([]);
  });

  it("refuses them by pattern too, not only because the build happened not to write them", () => {
    const file = { isDirectory: () => false };
    for (const rel of ['out/main/electron.cjs.map', 'out/renderer/assets/index.js.map', 'out/web/server.cjs', 'out/sim/ksc-sim.cjs', 'main/electron/main.ts', 'test/packaging.test.ts', 'node_modules/yaml/index.js', 'electron-builder.yml']) {
      expect(filter(path.join(root, rel), file), rel).toBe(false);
    }
  });

  it('needs no node_modules at run time: no production dependencies to pack', () => {
    // electron-builder copies `dependencies` (never devDependencies) next to the files above.
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it('packs the file package.json names as main', () => {
    expect(files).toContain(pkg.main);
  });
});
