import { builtinModules } from 'node:module';

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
