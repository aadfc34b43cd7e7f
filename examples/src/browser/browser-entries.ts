import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, from examples/src/browser or examples/dist/browser alike. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** An entry a page imports: a package's main entry, or one of its browser subpaths. */
export interface BrowserEntry {
  readonly name: string;
  /** Folder of the package, relative to the repository root. */
  readonly dir: string;
  /** The key in the package's exports map; defaults to the main entry, ".". */
  readonly subpath?: string;
}

/** Every package a page may import, in dependency order. Add a package here when it exists. */
export const BROWSER_ENTRIES: readonly BrowserEntry[] = [
  { name: '@tfjs-prune/errors', dir: 'packages/errors' },
  { name: '@tfjs-prune/schedules', dir: 'packages/schedules' },
  { name: '@tfjs-prune/schedules/internal', dir: 'packages/schedules', subpath: './internal' },
  { name: '@tfjs-prune/core', dir: 'packages/core' },
  { name: '@tfjs-prune/core/internal', dir: 'packages/core', subpath: './internal' },
  { name: '@tfjs-prune/core/wasm-training', dir: 'packages/core', subpath: './wasm-training' },
  { name: '@tfjs-prune/callbacks', dir: 'packages/callbacks' },
  { name: '@tfjs-prune/compact', dir: 'packages/compact' },
  { name: '@tfjs-prune/sparse', dir: 'packages/sparse' },
  { name: '@tfjs-prune/callbacks/compact', dir: 'packages/callbacks', subpath: './compact' },
  { name: '@tfjs-prune/callbacks/distillation', dir: 'packages/callbacks', subpath: './distillation' },
  { name: '@tfjs-prune/callbacks/budget', dir: 'packages/callbacks', subpath: './budget' },
  { name: '@tfjs-prune/callbacks/indexeddb', dir: 'packages/callbacks', subpath: './indexeddb' },
  { name: '@tfjs-prune/callbacks/backend', dir: 'packages/callbacks', subpath: './backend' },
];

/** The built file that `import '<name>'` resolves to, read from the package's own exports map. */
export function mainEntryFile(entry: BrowserEntry): string {
  const pkgJson = new URL(`${entry.dir}/package.json`, `file://${REPO_ROOT}`);
  const pkg = JSON.parse(readFileSync(pkgJson, 'utf8')) as { exports?: Record<string, { default?: string }> };
  const key = entry.subpath ?? '.';
  const main = pkg.exports?.[key]?.default;
  if (main === undefined) throw new Error(`${entry.dir}/package.json: exports["${key}"].default is missing`);
  return fileURLToPath(new URL(main, pkgJson));
}
