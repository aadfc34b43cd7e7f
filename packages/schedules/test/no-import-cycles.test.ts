import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Import loops (schedule.ts <-> schedule-spec.ts <-> each kind, kinds importing validation/)
 * made the order of module evaluation matter and hid which module owns what. This scan of the
 * relative imports in src (type-only imports included: they are a loop in the design all the
 * same) fails on any cycle and names it.
 */
const srcDir = fileURLToPath(new URL('../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Relative module specifiers of `import ... from`, `export ... from`, `import '...'` and `import(...)`. */
function relativeImports(source: string): string[] {
  const patterns = [/\bfrom\s*['"](\.[^'"]*)['"]/g, /\bimport\s*['"](\.[^'"]*)['"]/g, /\bimport\s*\(\s*['"](\.[^'"]*)['"]/g];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] ?? ''));
}

function importGraph(files: readonly string[]): Map<string, string[]> {
  return new Map(files.map((file) => [
    file,
    relativeImports(readFileSync(file, 'utf8')).map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, '.ts')),
  ]));
}

/** Every cycle found by a depth-first search, each as the list of files it passes through. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): void => {
    const onPath = path.indexOf(file);
    if (onPath !== -1) return void cycles.push([...path.slice(onPath), file]);
    if (done.has(file)) return;
    path.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    path.pop();
    done.add(file);
  };
  for (const file of graph.keys()) visit(file);
  return cycles;
}

describe('imports in packages/schedules/src', () => {
  const graph = importGraph(sourceFiles(srcDir));

  it('resolve to files that exist', () => {
    const missing = [...graph.values()].flat().filter((target) => !graph.has(target));
    expect(missing.map((file) => relative(srcDir, file))).toEqual([]);
  });

  it('form no cycle', () => {
    const cycles = findCycles(graph).map((cycle) => cycle.map((file) => relative(srcDir, file)).join(' -> '));
    expect(cycles).toEqual([]);
  });

  /** The scan itself must be able to fail. */
  it('finds a cycle when there is one', () => {
    const loop = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(findCycles(loop)).toEqual([['a', 'b', 'c', 'a']]);
    expect(relativeImports("import type { X } from './x.js';\nexport { y } from '../y.js';\nawait import('./z.js');"))
      .toEqual(['./x.js', '../y.js', './z.js']);
  });
});
