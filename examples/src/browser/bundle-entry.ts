import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { type BrowserEntry, mainEntryFile } from './browser-entries.js';
import { isNodeModule } from './node-modules.js';

/** One import a browser cannot satisfy, and the file that makes it. */
export interface NodeImport {
  readonly specifier: string;
  readonly importer: string;
}

export interface EntryBundle {
  readonly entry: string;
  /** Every Node module reached from the entry, statically or through `import('...')`. */
  readonly nodeImports: readonly NodeImport[];
  /**
   * Minified bytes of the entry with its dependencies, tfjs excluded: what a page loads up front
   * (the entry chunk and every chunk it imports statically, which splitting shares with lazy ones).
   */
  readonly minifiedBytes: number;
  /** Those bytes after gzip -9, each chunk on its own as a server sends it. */
  readonly gzipBytes: number;
  /** Gzipped bytes of the chunks behind `import('...')`, fetched only when that code runs. */
  readonly lazyGzipBytes: number;
}

/**
 * Records instead of failing on the first Node module, so one run lists all of them, and keeps
 * them out of the bundle (a browser would refuse to load them anyway).
 */
function collectNodeImports(found: NodeImport[]): Plugin {
  return {
    name: 'collect-node-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!isNodeModule(args.path, args.importer)) return undefined;
        found.push({ specifier: args.path, importer: args.importer });
        return { path: args.path, external: true };
      });
    },
  };
}

/**
 * Bundles a package's main entry the way a web app would (esbuild, platform browser, minified,
 * everything that page would import through this package), with tfjs external because the page
 * already has it. Reads the built `dist/`: run `pnpm build` first.
 */
export async function bundleEntry(entry: BrowserEntry): Promise<EntryBundle & { code: string }> {
  const file = mainEntryFile(entry);
  if (!existsSync(file)) throw new Error(`${file} is missing: run pnpm build first`);
  const nodeImports: NodeImport[] = [];
  // Split as an app's bundler splits: code behind a dynamic import() becomes a chunk of its own.
  const result = await build({
    entryPoints: { entry: file },
    bundle: true,
    splitting: true,
    outdir: 'bundle',
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['@tensorflow/*'],
    plugins: [collectNodeImports(nodeImports)],
  });
  const upFront = staticallyLoaded(result.metafile.outputs, 'bundle/entry.js');
  const isUpFront = (path: string) => upFront.has(path.replace(/\\/g, '/').replace(/^.*\/bundle\//, 'bundle/'));
  const js = result.outputFiles.filter((f) => f.path.endsWith('.js'));
  const main = js.filter((f) => isUpFront(f.path));
  const lazy = js.filter((f) => !isUpFront(f.path));
  const gzip = (files: typeof js) => files.reduce((sum, f) => sum + gzipSync(f.contents, { level: 9 }).byteLength, 0);
  return {
    entry: entry.name,
    nodeImports: dedupe(nodeImports),
    minifiedBytes: main.reduce((sum, f) => sum + f.contents.byteLength, 0),
    gzipBytes: gzip(main),
    lazyGzipBytes: gzip(lazy),
    code: [...main, ...lazy].map((f) => f.text).join('\n'),
  };
}

/** The entry chunk and the chunks it reaches through static imports: all loaded before it runs. */
function staticallyLoaded(outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>, entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const i of outputs[path]?.imports ?? []) if (i.kind === 'import-statement' && i.external !== true) visit(i.path);
  };
  visit(entry);
  return seen;
}

function dedupe(imports: readonly NodeImport[]): NodeImport[] {
  const seen = new Map<string, NodeImport>();
  for (const i of imports) seen.set(`${i.importer} -> ${i.specifier}`, i);
  return [...seen.values()].sort((a, b) => a.importer.localeCompare(b.importer) || a.specifier.localeCompare(b.specifier));
}
