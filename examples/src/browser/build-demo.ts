import { copyFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { loadMnist } from '@tfjs-prune/cli/data';
import { REPO_ROOT } from './browser-entries.js';

export const DEMO_DIR = path.join(REPO_ROOT, 'examples/browser');
export const DEMO_DIST = path.join(DEMO_DIR, 'dist');

/** Train and test digits shipped with the page: enough to reach ~95% in a few epochs. */
const DIGITS = { train: 3000, test: 1000 };

export interface DemoBuild {
  readonly dir: string;
  readonly mainBytes: number;
}

/**
 * Builds the page into examples/browser/dist: the bundle (esbuild; tfjs, the backends, vega and
 * tfjs-prune all inside, as an app ships them), the html and css, the wasm backend's binaries,
 * and digits.bin derived from the `mnist` package. Nothing is stubbed: every entry is
 * browser-clean, so a Node import creeping into one fails this build, as it would a user's.
 */
export async function buildDemo(outDir = DEMO_DIST): Promise<DemoBuild> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(path.join(outDir, 'wasm'), { recursive: true });
  const result = await build({
    entryPoints: [path.join(DEMO_DIR, 'src/main.ts')],
    outfile: path.join(outDir, 'main.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    metafile: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  await Promise.all(['index.html', 'style.css'].map((f) => copyFile(path.join(DEMO_DIR, f), path.join(outDir, f))));
  await copyWasmBinaries(path.join(outDir, 'wasm'));
  await writeDigits(outDir);
  const main = result.metafile.outputs[path.relative(process.cwd(), path.join(outDir, 'main.js'))];
  return { dir: outDir, mainBytes: main?.bytes ?? 0 };
}

async function copyWasmBinaries(to: string): Promise<void> {
  const require = createRequire(path.join(REPO_ROOT, 'examples/package.json'));
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  const files = (await readdir(dist)).filter((f) => f.endsWith('.wasm'));
  await Promise.all(files.map((f) => copyFile(path.join(dist, f), path.join(to, f))));
}

/** digits.bin: per split, the pixels as bytes (row-major) then the labels; digits.json: the counts. */
async function writeDigits(outDir: string): Promise<void> {
  const data = loadMnist({ trainSize: DIGITS.train, testSize: DIGITS.test, seed: 42 });
  const parts: Uint8Array[] = [];
  for (const split of [data.train, data.test]) {
    parts.push(Uint8Array.from(split.images, (v) => Math.round(v * 255)), split.labels);
  }
  await writeFile(path.join(outDir, 'digits.bin'), Buffer.concat(parts));
  await writeFile(path.join(outDir, 'digits.json'), JSON.stringify({ ...DIGITS, pixels: 28 * 28 }));
}
