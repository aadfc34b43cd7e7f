import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildDemo } from '../browser/build-demo.js';
import { launchChromium } from '../browser/chromium.js';
import { serveDemo } from '../browser/serve-demo.js';
import type { SpeedApi } from '../browser/speed-api.js';
import type { SuiteContext } from './context.js';
import type { BrowserRows, SparseRow } from './sparse-report.js';

/**
 * The LeNet rows again in the demo page on wasm (one thread), served under the strict CSP: the
 * page prunes LeNet-300-100 by magnitude to 90/90/70% and times model.predict against
 * sparsify(model).predict itself, with the harness the Node rows use. No Chromium: no rows, and
 * the reason in the results.
 */
export async function runBrowserRows(ctx: SuiteContext): Promise<BrowserRows> {
  const work = await mkdtemp(path.join(tmpdir(), 'tfjs-prune-sparse-bench-'));
  let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let server: Awaited<ReturnType<typeof serveDemo>> | undefined;
  try {
    try {
      chromium = await launchChromium();
    } catch (error) {
      return { rows: [], skipped: error instanceof Error ? error.message : String(error) };
    }
    const build = await buildDemo(path.join(work, 'page'));
    server = await serveDemo({ root: build.dir });
    const page = await chromium.context.newPage();
    page.setDefaultTimeout(600_000);
    await page.goto(new URL('?backend=wasm', server.url).href);
    // The page's global is declared with the DOM types, which this side is built without.
    await page.evaluate(() => (globalThis as unknown as { tfjsPruneDemo: SpeedApi }).tfjsPruneDemo.ready);
    const repeats = ctx.args.rounds ?? (ctx.args.full ? 21 : 11);
    const result = await page.evaluate((repeats) => (globalThis as unknown as { tfjsPruneDemo: SpeedApi }).tfjsPruneDemo.compareSpeed({ model: 'magnitude', batches: [1, 64], repeats }), repeats);
    const violations = await page.evaluate(() => (globalThis as unknown as { tfjsPruneDemo: SpeedApi }).tfjsPruneDemo.cspViolations());
    if (violations.length > 0) throw new Error(`the page broke its CSP: ${violations.join('; ')}`);
    const version = chromium.context.browser()?.version() ?? 'Chromium';
    const rows: SparseRow[] = result.rows.map((r) => ({
      id: 'lenet',
      label: 'LeNet-300-100, 90/90/70%, unstructured',
      batch: r.batch,
      target: r.batch === 1 ? 5 : 4,
      runtime: r.runtime,
      formats: r.formats,
      denseMs: r.denseMs,
      denseP25Ms: r.denseP25Ms,
      denseP75Ms: r.denseP75Ms,
      sparseMs: r.sparseMs,
      sparseP25Ms: r.sparseP25Ms,
      sparseP75Ms: r.sparseP75Ms,
      speedup: r.speedup,
      speedupP25: r.speedupP25,
      speedupP75: r.speedupP75,
      cpuSpeedup: Number.NaN,
      samples: r.samples,
      maxDifference: r.maxDifference,
    }));
    for (const r of rows) ctx.progress.log(`sparse: Chromium lenet batch ${r.batch}: ${r.denseMs.toFixed(3)} ms → ${r.sparseMs.toFixed(3)} ms, ${r.speedup.toFixed(2)}x`);
    return { rows, chromium: `Chromium ${version}` };
  } finally {
    await chromium?.close();
    await server?.close();
    await rm(work, { recursive: true, force: true });
  }
}
