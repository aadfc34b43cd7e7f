import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What a user gets from npm: every package packed with `pnpm pack` (which rewrites `workspace:`
 * ranges), installed next to `@tensorflow/tfjs` from the npm registry in a fresh project outside
 * the monorepo, then used from there. The install is kept per set of tarballs (keyed by their
 * hash), so an unchanged tree pays for it once; TFJS_PRUNE_SKIP_PACK=1 skips the whole file.
 */
const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../..', import.meta.url));
const PACKAGES = ['errors', 'schedules', 'core', 'compact', 'sparse', 'callbacks', 'cli'] as const;
const packDir = join(tmpdir(), `tfjs-prune-pack-${process.pid}`);
let project = '';
const tarballs = new Map<string, string>();

const PROJECT_PREFIX = 'tfjs-prune-fresh-project-';
const STALE_MS = 60 * 60 * 1000;
const skip = (process.env['TFJS_PRUNE_SKIP_PACK'] ?? '') !== '';
afterAll(() => rmSync(packDir, { recursive: true, force: true }));

beforeAll(async () => {
  if (skip) return;
  // The README's "Installing from a clone" runs this script (as `pnpm pack:all`).
  await run(process.execPath, [join(repo, 'scripts/pack-all.mjs'), packDir]);
  for (const name of PACKAGES) {
    const file = readdirSync(packDir).find((f) => f.startsWith(`tfjs-prune-${name}-`));
    if (file === undefined) throw new Error(`scripts/pack-all.mjs wrote no tarball for ${name}`);
    tarballs.set(name, join(packDir, file));
  }
  const hash = createHash('sha256');
  for (const file of tarballs.values()) hash.update(readFileSync(file));
  project = join(tmpdir(), `${PROJECT_PREFIX}${hash.digest('hex').slice(0, 16)}`);
  // Other worktrees run this test at the same time in the same tmpdir: only installs nobody has
  // touched for an hour are stale, and an install is built aside and renamed into place whole.
  for (const old of readdirSync(tmpdir()).filter((f) => f.startsWith(PROJECT_PREFIX))) {
    const path = join(tmpdir(), old);
    if (path !== project && Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
  }
  if (existsSync(join(project, '.installed'))) return;
  const staging = `${project}-staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  const dependencies: Record<string, string> = { '@tensorflow/tfjs': '^4.22.0' };
  for (const [name, file] of tarballs) {
    writeFileSync(join(staging, `${name}.tgz`), readFileSync(file));
    dependencies[`@tfjs-prune/${name}`] = `file:./${name}.tgz`;
  }
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'fresh', private: true, type: 'module', dependencies }, null, 2));
  // Warnings kept: an engine warning (a dependency wanting a newer Node) fails a test below.
  const install = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '--loglevel=warn'], { cwd: staging });
  writeFileSync(join(staging, '.install-log'), install.stderr);
  writeFileSync(join(staging, '.installed'), '');
  if (existsSync(join(project, '.installed'))) {
    rmSync(staging, { recursive: true, force: true }); // another run finished the same install first
    return;
  }
  rmSync(project, { recursive: true, force: true });
  renameSync(staging, project);
});

describe.skipIf(skip)('the packed packages', () => {
  it.each(PACKAGES)('@tfjs-prune/%s ships built ESM, its README and metadata, and nothing of the build', async (name) => {
    const { stdout } = await run('tar', ['tzf', tarballs.get(name) ?? '']);
    const files = stdout.split('\n').filter((f) => f !== '');
    expect(files).toEqual(expect.arrayContaining(['package/package.json', 'package/README.md', 'package/LICENSE']));
    expect((await run('tar', ['xzfO', tarballs.get(name) ?? '', 'package/LICENSE'])).stdout).toBe(readFileSync(join(repo, 'LICENSE'), 'utf8'));
    expect(files.some((f) => /^package\/dist\/.*\.js$/.test(f))).toBe(true);
    expect(files.filter((f) => /tsbuildinfo|\.d\.ts\.map$|^package\/(src|test)\//.test(f))).toEqual([]);
    const pkg = JSON.parse((await run('tar', ['xzfO', tarballs.get(name) ?? '', 'package/package.json'])).stdout) as Record<string, unknown>;
    expect(pkg).toMatchObject({ type: 'module', engines: { node: '>=20' }, license: 'Apache-2.0', repository: { directory: `packages/${name}` } });
    expect(JSON.stringify(pkg)).not.toContain('workspace:');
    const readme = (await run('tar', ['xzfO', tarballs.get(name) ?? '', 'package/README.md'])).stdout;
    expect(readme).toContain('ESM only');
    expect(readme.match(/\]\((?!https?:\/\/|#)[^)]*\)/g) ?? []).toEqual([]);
  });

  it('installs on Node 20 without an engine warning (the CLI once pulled a vega-lite that wants Node 22)', () => {
    expect(readFileSync(join(project, '.install-log'), 'utf8')).not.toMatch(/EBADENGINE|Unsupported engine/);
  });

  it('every package imports in the fresh project', async () => {
    const entries = [
      '@tfjs-prune/errors', '@tfjs-prune/schedules', '@tfjs-prune/schedules/internal', '@tfjs-prune/core', '@tfjs-prune/core/internal',
      '@tfjs-prune/core/node', '@tfjs-prune/core/wasm-training', '@tfjs-prune/compact', '@tfjs-prune/callbacks', '@tfjs-prune/callbacks/node',
      '@tfjs-prune/callbacks/backend', '@tfjs-prune/callbacks/distillation', '@tfjs-prune/sparse',
      '@tfjs-prune/cli/data',
    ];
    writeFileSync(join(project, 'imports.mjs'), `${entries.map((e, i) => `import * as m${i} from '${e}';`).join('\n')}\nconsole.log([${entries.map((_, i) => `Object.keys(m${i}).length > 0`).join(', ')}].join(' '));\n`);
    const { stdout } = await run(process.execPath, ['imports.mjs'], { cwd: project });
    expect(stdout.trim()).toBe(entries.map(() => 'true').join(' '));
  });

  it('source maps carry their sources', async () => {
    const { stdout } = await run('tar', ['xzfO', tarballs.get('core') ?? '', 'package/dist/mask-store.js.map']);
    const map = JSON.parse(stdout) as { sources: string[]; sourcesContent?: string[] };
    expect(map.sourcesContent?.[0]).toContain('export class MaskStore');
  });

  it('@tfjs-prune/schedules ships the example configs and the schema they point to', () => {
    const examples = join(project, 'node_modules/@tfjs-prune/schedules/examples');
    const files = readdirSync(examples).filter((f) => f.endsWith('.json'));
    expect(files).toContain('lenet-300-100.json');
    for (const file of files) {
      const { $schema } = JSON.parse(readFileSync(join(examples, file), 'utf8')) as { $schema: string };
      expect(existsSync(join(examples, $schema))).toBe(true);
    }
  });

  it('a small pruned fit runs in the fresh project with @tensorflow/tfjs', async () => {
    writeFileSync(
      join(project, 'fit.mjs'),
      `import * as tf from '@tensorflow/tfjs';
import { PruningCallback } from '@tfjs-prune/callbacks';
import { sparsityReport } from '@tfjs-prune/core';
await tf.setBackend('cpu');
tf.env().set('PROD', true);
const model = tf.sequential({ layers: [tf.layers.dense({ inputShape: [8], units: 16, activation: 'relu', name: 'hidden' }), tf.layers.dense({ units: 2, activation: 'softmax', name: 'out' })] });
model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
const pruning = new PruningCallback({ pruners: [{ layers: { include: ['hidden'] }, schedule: { type: 'one-shot', sparsity: 0.75 } }] });
const x = tf.randomNormal([32, 8]);
const y = tf.oneHot(tf.randomUniform([32], 0, 2, 'int32'), 2);
await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [pruning] });
const { zeros, size } = sparsityReport(model).weights.find((w) => w.layer === 'hidden' && w.weight === 'kernel');
console.log(JSON.stringify({ zeros, size }));
`,
    );
    const { stdout } = await run(process.execPath, ['fit.mjs'], { cwd: project });
    expect(JSON.parse(stdout)).toEqual({ zeros: 96, size: 128 });
  });

  it('the tfjs-prune bin validates the shipped examples and writes a starter config whose $schema resolves', async () => {
    const bin = join(project, 'node_modules/.bin/tfjs-prune');
    const examples = readdirSync(join(project, 'node_modules/@tfjs-prune/schedules/examples')).map((f) => `node_modules/@tfjs-prune/schedules/examples/${f}`);
    await expect(run(bin, ['validate', '--quiet', ...examples], { cwd: project })).resolves.toMatchObject({ stderr: '' });
    rmSync(join(project, 'starter.json'), { force: true });
    await run(bin, ['init', 'starter.json', '--quiet'], { cwd: project });
    const { $schema } = JSON.parse(readFileSync(join(project, 'starter.json'), 'utf8')) as { $schema: string };
    expect($schema).toBe('./node_modules/@tfjs-prune/schedules/schema.json');
    expect(existsSync(join(project, $schema))).toBe(true);
  });
});
