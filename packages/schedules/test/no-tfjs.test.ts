import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The config tooling must run where TensorFlow.js is absent (editor extensions, CI linting of
 * config files), so nothing in this package may import or depend on it.
 */
const packageDir = fileURLToPath(new URL('..', import.meta.url));
// Our own packages (@tfjs-prune/errors) are not TensorFlow.js.
const tfjs = /tensorflow|tfjs(?!-prune\/)/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** Module specifiers of static imports, re-exports, dynamic imports and requires. */
function specifiers(source: string): string[] {
  const patterns = [/\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]/g, /\brequire\s*\(\s*['"]([^'"]+)['"]/g];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] ?? ''));
}

describe('no TensorFlow.js dependency', () => {
  const files = sourceFiles(join(packageDir, 'src'));

  it('finds the sources and their imports', () => {
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((file) => specifiers(readFileSync(file, 'utf8')))).toContain('ajv');
  });

  it.each(files.map((file) => [file.slice(packageDir.length), file]))('%s imports nothing from tfjs', (_, file) => {
    expect(specifiers(readFileSync(file, 'utf8')).filter((specifier) => tfjs.test(specifier))).toEqual([]);
  });

  it('declares no tfjs dependency', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const fields = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
    const names = fields.flatMap((field) => Object.keys((manifest[field] ?? {}) as object));
    expect(names.filter((name) => tfjs.test(name))).toEqual([]);
  });
});
