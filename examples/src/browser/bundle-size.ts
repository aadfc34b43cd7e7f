#!/usr/bin/env node
/**
 * `pnpm size`: what each browser entry adds to a page that already has tfjs, minified and
 * gzipped (esbuild, tfjs external). The README's bundle table comes from here.
 */
import path from 'node:path';
import { BROWSER_ENTRIES, REPO_ROOT } from './browser-entries.js';
import { bundleEntry } from './bundle-entry.js';

const BUDGET_GZIP_BYTES = 35 * 1024;

const rows: string[] = ['| entry | minified | gzip | Node imports left |', '|---|---:|---:|---|'];
for (const entry of BROWSER_ENTRIES) {
  const bundle = await bundleEntry(entry);
  const left = bundle.nodeImports.map((i) => `${i.specifier} (${path.relative(REPO_ROOT, i.importer)})`);
  const onDemand = bundle.lazyGzipBytes > 0 ? ` + ${kib(bundle.lazyGzipBytes)} on demand` : '';
  rows.push(`| \`${bundle.entry}\` | ${kib(bundle.minifiedBytes)} | ${kib(bundle.gzipBytes)}${onDemand} | ${left.length === 0 ? 'none' : left.join(', ')} |`);
  if (bundle.entry === '@tfjs-prune/callbacks') {
    const verdict = bundle.gzipBytes <= BUDGET_GZIP_BYTES ? 'within' : 'OVER';
    rows.push(`| | | | callbacks budget ${kib(BUDGET_GZIP_BYTES)} gzip: ${verdict} |`);
  }
}
console.log(rows.join('\n'));

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB (${bytes.toLocaleString('en-US')} B)`;
}
