import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = fileURLToPath(new URL('../../../', import.meta.url));

export interface SourceFile {
  /** Relative to packages/, e.g. `core/src/io/float16.ts`. */
  readonly path: string;
  /** The text with comments blanked out, so a code in a doc comment is not taken for one. */
  readonly code: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * Blanks block and line comments. Good enough for our sources: no string in them contains
 * `/*`, and `//` inside a string is only ever part of a URL, which nothing here scans for.
 */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Every TypeScript source of every package (packages/<pkg>/src/**), comments removed. */
export function librarySources(): SourceFile[] {
  const packages = readdirSync(packagesDir, { withFileTypes: true }).filter((e) => e.isDirectory());
  return packages.flatMap((pkg) => {
    const src = join(packagesDir, pkg.name, 'src');
    let files: string[];
    try {
      files = tsFiles(src);
    } catch {
      return [];
    }
    return files.map((file) => ({
      path: relative(packagesDir, file).split('\\').join('/'),
      code: withoutComments(readFileSync(file, 'utf8')),
    }));
  });
}
