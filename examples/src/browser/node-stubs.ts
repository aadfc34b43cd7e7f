import { builtinModules } from 'node:module';
import type { Plugin } from 'esbuild';

const BUILTINS = new Set(builtinModules);

/**
 * True for `node:fs`, and for `fs`, `fs/promises`, ... imported by our own code. A bare name
 * imported from node_modules is left to the bundler: packages such as tfjs map theirs to
 * nothing with the `browser` field of their package.json, which bundlers honour.
 */
export function isNodeModule(specifier: string, importer: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return BUILTINS.has(specifier.split('/')[0] ?? '') && !importer.split(/[\\/]/).includes('node_modules');
}

/**
 * Replaces Node modules with an empty one and reports each. Only for the demo page while
 * NOT_YET_BROWSER_CLEAN is not empty: the code paths that use them (checkpoint directories,
 * fromFile) never run in the page, but a bundle that names them would not load at all.
 */
export function stubNodeModules(stubbed: Set<string>): Plugin {
  return {
    name: 'stub-node-modules',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!isNodeModule(args.path, args.importer)) return undefined;
        stubbed.add(args.path);
        return { path: args.path, namespace: 'node-stub' };
      });
      b.onLoad({ filter: /.*/, namespace: 'node-stub' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
    },
  };
}
