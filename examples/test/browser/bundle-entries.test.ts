import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { BROWSER_ENTRIES, REPO_ROOT } from '../../src/browser/browser-entries.js';
import { bundleEntry, type NodeImport } from '../../src/browser/bundle-entry.js';

/**
 * Issue 11's target for `@tfjs-prune/callbacks` with everything it pulls in (tfjs excluded) is
 * 35 KiB gzipped, and `pnpm size` reports against it. It is missed since group-aware structured
 * pruning (core's channel graph, about 3.6 KiB) joined the entry: 37,782 B when this was written.
 * Issue 17 (schedules counted in steps, whose fields the compiled validator checks; shortfall
 * reports; frozen layers) took it from 37,840 B to 40,285 B. This ceiling only stops it from
 * growing further unnoticed; it is not the target.
 */
const CALLBACKS_GZIP_CEILING = 40 * 1024;

const listed = (imports: readonly NodeImport[]) =>
  imports.map((i) => `${path.relative(REPO_ROOT, i.importer)} imports ${i.specifier}`).join('\n');

/**
 * A page cannot load `node:` modules, and bundlers resolve every import before tree-shaking, so
 * one reachable import breaks every app that bundles the package. Bundles the built `dist/`
 * (`pnpm test` builds first) with esbuild for the browser, as an app would.
 */
describe.each(BROWSER_ENTRIES)('$name bundled for the browser', (entry) => {
  it('imports no Node module on any path', async () => {
    const bundle = await bundleEntry(entry);
    expect(listed(bundle.nodeImports), 'Node modules reachable from the main entry').toBe('');
    // Import forms only: a minified object key such as `{node:l}` is not a module.
    expect(bundle.code).not.toMatch(/(?:\bfrom|\bimport|\brequire)\s*\(?\s*["'`]node:/);
  });
});

describe('page budget', () => {
  it('@tfjs-prune/callbacks with its dependencies grows no further than 40 KiB gzipped (target 35 KiB, missed)', async () => {
    const callbacks = BROWSER_ENTRIES.find((e) => e.name === '@tfjs-prune/callbacks');
    const bundle = await bundleEntry(callbacks as (typeof BROWSER_ENTRIES)[number]);
    expect(bundle.gzipBytes).toBeLessThanOrEqual(CALLBACKS_GZIP_CEILING);
  });

  /** Core carries masks, criteria, export and the channel graph: about 19 KiB today. */
  it('core alone stays small: no schedules, ajv or eventemitter3 inside', async () => {
    const core = BROWSER_ENTRIES.find((e) => e.name === '@tfjs-prune/core');
    const bundle = await bundleEntry(core as (typeof BROWSER_ENTRIES)[number]);
    expect(bundle.code).not.toMatch(/ajv|EventEmitter|polynomial-decay/);
    expect(bundle.gzipBytes).toBeLessThan(22 * 1024);
  });
});
