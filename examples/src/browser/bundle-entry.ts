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
  /** Minified bytes of the entry with its dependencies, tfjs excluded: what a page loads up front. */
  readonly minifiedBytes: number;
  /** Those bytes after gzip -9. */
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
    logLevel: 'silent',
    external: ['@tensorflow/*'],
    plugins: [collectNodeImports(nodeImports)],
  });
  const isEntry = (path: string) => /[\\/]entry\.js$/.test(path);
  const main = result.outputFiles.find((f) => isEntry(f.path));
  const lazy = result.outputFiles.filter((f) => !isEntry(f.path) && f.path.endsWith('.js'));
  const bytes = main?.contents ?? new Uint8Array();
  return {
    entry: entry.name,
    nodeImports: dedupe(nodeImports),
    minifiedBytes: bytes.byteLength,
    gzipBytes: gzipSync(bytes, { level: 9 }).byteLength,
    lazyGzipBytes: lazy.reduce((sum, f) => sum + gzipSync(f.contents, { level: 9 }).byteLength, 0),
    code: [main, ...lazy].map((f) => f?.text ?? '').join('\n'),
  };
}

function dedupe(imports: readonly NodeImport[]): NodeImport[] {
  const seen = new Map<string, NodeImport>();
  for (const i of imports) seen.set(`${i.importer} -> ${i.specifier}`, i);
  return [...seen.values()].sort((a, b) => a.importer.localeCompare(b.importer) || a.specifier.localeCompare(b.specifier));
}
