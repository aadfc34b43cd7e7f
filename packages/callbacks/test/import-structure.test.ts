import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier a file imports or re-exports, statically or dynamically. */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g)) found.push(match[1]!);
  for (const match of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) found.push(match[1]!);
  for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
  return found;
}

/** The package's own files each file imports, as absolute .ts paths. */
function graph(): Map<string, string[]> {
  return new Map(
    sourceFiles(src).map((file) => [
      file,
      specifiers(file)
        .filter((s) => s.startsWith('.'))
        .map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts'))),
    ]),
  );
}

function reachableFrom(entry: string, edges: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of edges.get(file) ?? []) visit(next);
  };
  visit(entry);
  return seen;
}

const name = (file: string) => relative(src, file);

describe('packages/callbacks/src import structure', () => {
  it('the scan sees the package (so the checks below cannot pass by finding nothing)', () => {
    const edges = graph();
    expect(edges.size).toBeGreaterThan(20);
    expect(edges.get(join(src, 'pruning-callback.ts'))?.map(name)).toContain(join('engine', 'pruning-engine.ts'));
  });

  it('has no import cycle', () => {
    const edges = graph();
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      stack.push(file);
      for (const next of edges.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map(name).join(' → '));
        else if (state.get(next) === undefined) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of edges.keys()) if (state.get(file) === undefined) visit(file);
    expect(cycles).toEqual([]);
  });

  it('the main entry reaches no node: module and none of the Node-only files', () => {
    const edges = graph();
    const reached = [...reachableFrom(join(src, 'index.ts'), edges)];
    const nodeImports = reached.flatMap((file) => specifiers(file).filter((s) => s.startsWith('node:')).map((s) => `${name(file)}: ${s}`));
    expect(nodeImports).toEqual([]);
    const nodeOnly = reached.map(name).filter((f) => f.startsWith(`checkpoint${'/'}directory`) || f.startsWith(`node${'/'}`) || f === 'node.ts');
    expect(nodeOnly).toEqual([]);
  });

  it('state sits at the bottom: it imports nothing of the package', () => {
    expect(graph().get(join(src, 'state', 'pruning-state.ts'))).toEqual([]);
  });

  it('checkpoint/ knows pruning state, not the engine or the callback', () => {
    const edges = graph();
    const checkpointFiles = [...edges.keys()].filter((f) => name(f).startsWith('checkpoint'));
    const upward = checkpointFiles.flatMap((f) =>
      (edges.get(f) ?? []).filter((t) => !name(t).startsWith('checkpoint') && !name(t).startsWith('state')).map((t) => `${name(f)} → ${name(t)}`),
    );
    expect(upward).toEqual([]);
  });
});
