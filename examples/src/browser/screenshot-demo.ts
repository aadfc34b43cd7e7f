#!/usr/bin/env node
/**
 * Retakes docs/browser-demo.png: builds the page, trains it from a click in headless Chromium
 * (wasm, the page's default epochs and config), clicks "Compare speed", and screenshots the
 * whole page. Prints what the README's caption quotes (the Chromium version, the final status
 * lines), so the caption is copied from the run it describes.
 * Usage: node examples/dist/browser/screenshot-demo.js [backend] [out.png]
 */
import path from 'node:path';
import { buildDemo } from './build-demo.js';
import { REPO_ROOT } from './browser-entries.js';
import { launchChromium } from './chromium.js';
import { serveDemo } from './serve-demo.js';

const backend = process.argv[2] ?? 'wasm';
const out = path.resolve(process.argv[3] ?? path.join(REPO_ROOT, 'docs/browser-demo.png'));

/**
 * The part of the page's API used here: page-api.ts needs the DOM types, which this Node program
 * lacks. Functions, not strings: a string predicate is an eval, which the page's CSP refuses.
 */
interface Page {
  readonly tfjsPruneDemo: { readonly ready: Promise<void>; status(): string };
}

const built = await buildDemo();
const server = await serveDemo({ root: built.dir });
const chromium = await launchChromium();
try {
  const page = await chromium.context.newPage();
  await page.goto(new URL(`?backend=${backend}`, server.url).href);
  await page.evaluate(() => (globalThis as unknown as Page).tfjsPruneDemo.ready);
  await page.click('#train');
  await page.waitForFunction(() => /^(done|failed)/.test((globalThis as unknown as Page).tfjsPruneDemo.status()));
  const trained = await page.evaluate(() => (globalThis as unknown as Page).tfjsPruneDemo.status());
  const sparsity = await page.locator('#layers tbody').innerText();
  await page.click('#speed');
  await page.waitForFunction(() => /^(speed on|failed)/.test((globalThis as unknown as Page).tfjsPruneDemo.status()));
  const speed = await page.evaluate(() => (globalThis as unknown as Page).tfjsPruneDemo.status());
  await page.screenshot({ path: out, fullPage: true });
  console.log(`Chromium ${chromium.context.browser()?.version() ?? '(version unknown)'}`);
  console.log(trained);
  console.log(sparsity);
  console.log(speed);
  console.log(await page.locator('#log').innerText());
  console.log(`wrote ${out}`);
} finally {
  await chromium.close();
  await server.close();
}
