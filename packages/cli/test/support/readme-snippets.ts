import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../..', import.meta.url));

/** One ```ts block of a README. */
export interface Snippet {
  /** `README.md#checkpoints-and-resuming/0`: the file, the heading it sits under, its position there. */
  readonly key: string;
  /** `README.md:214`, the line of the block's first code line, for error messages. */
  readonly where: string;
  readonly file: string;
  /** 1-based line of the first code line in the README. */
  readonly line: number;
  readonly code: string;
}

/** The root README and every package's, as a user reads them on npm or GitHub. */
export function readmeFiles(): string[] {
  const packages = readdirSync(join(REPO, 'packages'))
    .map((name) => join(REPO, 'packages', name, 'README.md'))
    .filter((file) => existsSync(file));
  return [join(REPO, 'README.md'), ...packages.sort()];
}

/**
 * Every ```ts / ```typescript block, keyed by the heading above it rather than by line number,
 * so blocks added elsewhere in a README (or lines added above) do not shift the keys.
 */
export function extractSnippets(file: string): Snippet[] {
  const name = relative(REPO, file);
  const lines = readFileSync(file, 'utf8').split('\n');
  const snippets: Snippet[] = [];
  const perSection = new Map<string, number>();
  let section = 'top';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) section = slug(heading[1] ?? '');
    if (!/^```(ts|typescript)\s*$/.test(line)) {
      // Skip over other fenced blocks whole, so a '#' comment in a sh block is not a heading.
      if (/^```/.test(line)) while (i + 1 < lines.length && !/^```\s*$/.test(lines[++i] ?? '')) {}
      continue;
    }
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? '')) end++;
    const ordinal = perSection.get(section) ?? 0;
    perSection.set(section, ordinal + 1);
    snippets.push({ key: `${name}#${section}/${ordinal}`, where: `${name}:${start + 1}`, file: name, line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return snippets;
}

function slug(heading: string): string {
  return heading.toLowerCase().replace(/`/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
