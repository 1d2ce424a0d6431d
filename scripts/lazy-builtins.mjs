// esbuild plugin for the CLI bundle (issue 14): Node modules that only some
// commands use (sockets, child processes, HTTP) are required when first
// touched instead of when the bundle starts. esbuild initialises every
// bundled module at start, and each of them requires its Node modules there;
// `add` or `list` would otherwise pay for the network stack and
// child_process (about 10 ms) without ever using them.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** What `add`, `list` and `check` need at start anyway (fs, path, crypto) stays a plain require. */
export const LAZY_BUILTINS = ['child_process', 'dgram', 'http', 'https', 'net', 'os', 'tls', 'worker_threads', 'zlib'];

const NAMESPACE = 'thincert-lazy-builtin';

export function lazyBuiltins(names = LAZY_BUILTINS) {
  const wanted = new Set(names.flatMap((name) => [name, `node:${name}`]));
  return {
    name: 'thincert-lazy-builtins',
    setup(build) {
      build.onResolve({ filter: /^(node:)?[a-z_]+$/ }, (args) => {
        if (!wanted.has(args.path)) return undefined;
        // The stand-in's own require is the real module.
        if (args.importer.startsWith(`${NAMESPACE}:`) || args.namespace === NAMESPACE) return { path: args.path, external: true };
        return { path: args.path.replace(/^node:/, ''), namespace: NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const name = `node:${args.path}`;
        // The names this Node exports, each a getter that loads the module on first use.
        const keys = Object.keys(require(name)).filter((key) => key !== 'default');
        return {
          contents: [
            'let loaded;',
            `const load = () => (loaded ??= require(${JSON.stringify(name)}));`,
            'const lazy = {};',
            `for (const key of ${JSON.stringify(keys)}) Object.defineProperty(lazy, key, { enumerable: true, get: () => load()[key] });`,
            'module.exports = lazy;',
          ].join('\n'),
          loader: 'js',
          resolveDir: process.cwd(),
        };
      });
    },
  };
}
