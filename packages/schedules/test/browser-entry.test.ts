import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Bundlers for the browser resolve every import, dynamic ones included, before anything runs:
 * one `node:` module reachable from the main entry and a page cannot be built. File reading
 * lives behind `@tfjs-prune/schedules/node`. This follows the relative imports from each entry
 * and lists the `node:` (and bare Node built-in) modules it reaches.
 */
const srcDir = fileURLToPath(new URL('../src/', import.meta.url));
const specifier = /\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;
const nodeBuiltin = /^(node:|fs$|fs\/|path$|os$|zlib$|crypto$|url$)/;

function reachableImports(entry: string): { files: string[]; nodeImports: string[] } {
  const files: string[] = [];
  const nodeImports: string[] = [];
  const visit = (file: string): void => {
    if (files.includes(file)) return;
    files.push(file);
    for (const match of readFileSync(file, 'utf8').matchAll(specifier)) {
      const target = match[1] ?? '';
      if (target.startsWith('.')) visit(resolve(dirname(file), target).replace(/\.js$/, '.ts'));
      else if (nodeBuiltin.test(target)) nodeImports.push(`${file.slice(srcDir.length)}: ${target}`);
    }
  };
  visit(resolve(srcDir, entry));
  return { files, nodeImports };
}

describe('package entries', () => {
  it('the main entry reaches no Node built-in module', () => {
    const { files, nodeImports } = reachableImports('index.ts');
    expect(files.length).toBeGreaterThan(20);
    expect(nodeImports).toEqual([]);
  });

  /** The scan must be able to fail: the ./node entry does read files. */
  it('the ./node entry is where the file system is', () => {
    expect(reachableImports('node.ts').nodeImports).toEqual(['load-config.ts: node:fs/promises']);
  });

  it('package.json exports both, with types', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown> };
    expect(manifest.exports['.']).toStrictEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(manifest.exports['./node']).toStrictEqual({ types: './dist/node.d.ts', default: './dist/node.js' });
  });
});
