import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The import structure of every package's src, as one graph: which package may import which
 * (STYLE 6: schedules and core know nothing of each other, callbacks joins them, cli sits on
 * top), no import cycle anywhere (type-only imports count: a type cycle is still two modules that
 * cannot be understood apart; STYLE 14), and browser entries that reach nothing of Node.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));

/** What each package's src may import of the others; anything else is a wrong-way dependency. */
const allowed: Record<string, readonly string[]> = {
  errors: [],
  schedules: ['errors'],
  core: ['errors'],
  compact: ['errors', 'core'],
  sparse: ['errors'],
  callbacks: ['errors', 'schedules', 'core', 'compact'],
  cli: ['errors', 'schedules', 'core', 'compact', 'sparse', 'callbacks'],
};
const packages = Object.keys(allowed);

/** Entries a page may load (the rest are `./node` subpaths and the CLI). */
const browserEntries = [
  'errors/src/index.ts',
  'schedules/src/index.ts',
  'schedules/src/internal.ts',
  'core/src/index.ts',
  'core/src/internal.ts',
  'compact/src/index.ts',
  'sparse/src/index.ts',
  'callbacks/src/index.ts',
  'callbacks/src/indexeddb.ts',
  'callbacks/src/compact.ts',
  'callbacks/src/backend.ts',
  'callbacks/src/distillation.ts',
];

/** `@tfjs-prune/...` specifiers to source files, as tsconfig.json maps them for the type-check. */
const aliases = new Map(
  Object.entries((JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } }).compilerOptions.paths).map(
    ([specifier, [target]]) => [specifier, resolve(root, target!)],
  ),
);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module a source imports or re-exports: static, type-only and dynamic, as TypeScript reads them. */
function specifiersIn(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}
const specifiers = (file: string) => specifiersIn(readFileSync(file, 'utf8'));

/** Every cycle a depth-first search meets, each as the files it passes through, first repeated. */
function cyclesIn<T>(graph: ReadonlyMap<T, readonly T[]>): T[][] {
  const cycles: T[][] = [];
  const state = new Map<T, 'open' | 'done'>();
  const stack: T[] = [];
  const visit = (node: T) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (state.get(next) === undefined) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (state.get(node) === undefined) visit(node);
  return cycles;
}

function resolveRelative(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier.replace(/\.js$/, '.ts'));
  return existsSync(base) ? base : join(base.replace(/\.ts$/, ''), 'index.ts');
}

interface Edge {
  readonly to: string;
  readonly specifier: string;
}

const files = packages.flatMap((p) => sourceFiles(join(root, 'packages', p, 'src')));
const edges = new Map<string, Edge[]>(
  files.map((file) => [
    file,
    specifiers(file).flatMap((specifier): Edge[] => {
      if (specifier.startsWith('.')) return [{ to: resolveRelative(file, specifier), specifier }];
      const aliased = aliases.get(specifier);
      return aliased === undefined ? [] : [{ to: aliased, specifier }];
    }),
  ]),
);
const packageOf = (file: string) => relative(join(root, 'packages'), file).split(/[\\/]/)[0]!;
const name = (file: string) => relative(join(root, 'packages'), file);

function reachableFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { to } of edges.get(file) ?? []) visit(to);
  };
  visit(entry);
  return seen;
}

describe('import structure of every package', () => {
  it('the scan sees every package and resolves every import of ours (so the checks below cannot pass by finding nothing)', () => {
    expect(new Set(files.map(packageOf))).toEqual(new Set(packages));
    expect(files.length).toBeGreaterThan(200);
    const unresolved = [...edges].flatMap(([file, out]) => out.filter((e) => !existsSync(e.to)).map((e) => `${name(file)}: ${e.specifier}`));
    expect(unresolved).toEqual([]);
    const unknownOfOurs = files.flatMap((file) =>
      specifiers(file)
        .filter((s) => s.startsWith('@tfjs-prune/') && !aliases.has(s))
        .map((s) => `${name(file)}: ${s}`),
    );
    expect(unknownOfOurs).toEqual([]);
    expect(edges.get(join(root, 'packages/callbacks/src/pruning-callback.ts'))?.map((e) => name(e.to))).toContain('callbacks/src/engine/pruning-engine.ts');
  });

  it('packages depend one way: schedules and core know nothing of each other, callbacks joins them, cli is on top', () => {
    const wrong = [...edges].flatMap(([file, out]) => {
      const from = packageOf(file);
      return out.filter((e) => packageOf(e.to) !== from && !allowed[from]!.includes(packageOf(e.to))).map((e) => `${name(file)} → ${e.specifier}`);
    });
    expect(wrong).toEqual([]);
  });

  it("imports between packages go through a package's name, never a relative path into its files", () => {
    const reaching = [...edges].flatMap(([file, out]) =>
      out.filter((e) => e.specifier.startsWith('.') && packageOf(e.to) !== packageOf(file)).map((e) => `${name(file)} → ${e.specifier}`),
    );
    expect(reaching).toEqual([]);
  });

  it('every package another imports is a declared dependency of the importer', () => {
    const undeclared = packages.flatMap((p) => {
      const manifest = JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
      const declared = new Set(Object.keys({ ...manifest['dependencies'], ...manifest['peerDependencies'] }));
      const used = new Set(
        files
          .filter((f) => packageOf(f) === p)
          .flatMap((f) => edges.get(f)!.filter((e) => packageOf(e.to) !== p).map((e) => `@tfjs-prune/${packageOf(e.to)}`)),
      );
      return [...used].filter((d) => !declared.has(d)).map((d) => `${p} imports ${d}`);
    });
    expect(undeclared).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    const graph = new Map([...edges].map(([file, out]) => [file, out.map((e) => e.to)]));
    expect(cyclesIn(graph).map((cycle) => cycle.map(name).join(' → '))).toEqual([]);
  });

  /** The scan itself must be able to fail: it sees every import form, and finds a loop. */
  it('the scan reads type-only, re-export and dynamic imports, and finds a cycle when there is one', () => {
    expect(specifiersIn("import type { X } from './x.js';\nexport { y } from '../y.js';\nexport type * from './t.js';\nawait import('./z.js');")).toEqual([
      './x.js',
      '../y.js',
      './t.js',
      './z.js',
    ]);
    const loop = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(cyclesIn(loop)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('browser entries reach no Node module and no ./node subpath', () => {
    const node = new Set(builtinModules);
    const nodeOnly = browserEntries.flatMap((entry) =>
      [...reachableFrom(join(root, 'packages', entry))].flatMap((file) => [
        ...specifiers(file)
          .filter((s) => s.startsWith('node:') || node.has(s) || /^@tfjs-prune\/[a-z]+\/node$/.test(s))
          .map((s) => `${entry} reaches ${name(file)}: ${s}`),
        ...(/[\\/](node\.ts|node[\\/]|checkpoint[\\/]directory[\\/])/.test(name(file)) ? [`${entry} reaches ${name(file)}`] : []),
      ]),
    );
    expect(nodeOnly).toEqual([]);
  });

  /**
   * `/internal` subpaths are for sibling packages. A package's own tests reach its internals
   * through src/ (and its public names through the package name), so a name that leaves the main
   * entry cannot be kept alive by its own tests importing it from `/internal`.
   */
  it("a package's own tests import its internals from src/, not from its /internal subpath", () => {
    const internalSubpaths = [...aliases.keys()].filter((s) => s.endsWith('/internal'));
    expect(internalSubpaths.sort()).toEqual(['@tfjs-prune/core/internal', '@tfjs-prune/schedules/internal']);
    const ownInternal = packages.flatMap((p) => {
      const dir = join(root, 'packages', p, 'test');
      if (!existsSync(dir)) return [];
      return sourceFiles(dir)
        .filter((f) => !f.endsWith('public-api.test.ts'))
        .flatMap((f) => specifiers(f).filter((s) => s === `@tfjs-prune/${p}/internal`).map((s) => `${name(f)}: ${s}`));
    });
    expect(ownInternal).toEqual([]);
  });

  it("callbacks: pruning state is at the bottom, and checkpoint/ knows it, not the engine or the callback", () => {
    const inCallbacks = (prefix: string) => files.filter((f) => name(f).startsWith(`callbacks/src/${prefix}`));
    const fromState = inCallbacks('state/').flatMap((f) => edges.get(f)!.filter((e) => packageOf(e.to) === 'callbacks' && !name(e.to).startsWith('callbacks/src/state/')));
    expect(fromState.map((e) => e.specifier)).toEqual([]);
    const upward = inCallbacks('checkpoint/').flatMap((f) =>
      edges
        .get(f)!
        .filter((e) => packageOf(e.to) === 'callbacks' && !/^callbacks\/src\/(checkpoint|state)\//.test(name(e.to)))
        .map((e) => `${name(f)} → ${name(e.to)}`),
    );
    expect(upward).toEqual([]);
  });
});
