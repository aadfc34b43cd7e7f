import { describe, expect, it } from 'vitest';

import { extractSnippets, readmeFiles, type Snippet } from './support/readme-snippets.js';
import { runSnippet } from './support/run-snippet.js';
import { typecheckSnippets } from './support/typecheck-snippets.js';

/**
 * Every ```ts block of the READMEs is what a user copies first; these tests hold each one to the
 * published API. A block is type-checked with the house compiler options against the built
 * packages, after a prelude declaring what the README leaves to the reader (`model`, `x`, `y`);
 * a runnable block also runs, in a fresh folder on the cpu backend, after a setup that defines
 * those names on tiny models, followed by a check that prints what it did. A block that cannot run
 * here says why. Blocks are keyed by README and heading, so adding one elsewhere moves no key; a
 * new block without an entry fails, naming its README and line.
 */
interface Entry {
  /** TypeScript put before the snippet for type-checking: `declare const model: LayersModel;` and the like. */
  readonly declare: string;
  /** Absent: type-checked only, for the reason given. */
  /** `expect` is matched against stdout, `expectStderr` (default: nothing printed there) against stderr. */
  readonly run?: { readonly setup: string; readonly check: string; readonly expect: RegExp; readonly expectStderr?: RegExp };
  readonly typecheckOnly?: string;
}

const TYPES = "import type * as __tf from '@tensorflow/tfjs-core';\nimport type * as __tfl from '@tensorflow/tfjs-layers';";
const MODEL_XY = `${TYPES}\ndeclare const model: __tfl.LayersModel;\ndeclare const x: __tf.Tensor;\ndeclare const y: __tf.Tensor;`;
const FIXTURES = "import { tinyModel, tinyData, writeConfig, halfHidden, zerosOf, zeroedUnitsModel } from './fixtures.mjs';";
const MODEL_XY_SETUP = `${FIXTURES}\nconst model = tinyModel();\nconst { x, y } = tinyData();\nwriteConfig('prune.json', halfHidden);`;

const ENTRIES: Record<string, Entry> = {
  'README.md#tfjs-prune/0': {
    declare: MODEL_XY,
    run: { setup: MODEL_XY_SETUP, check: "console.log('hidden zeros', zerosOf(model, 'hidden'));", expect: /^hidden zeros 16$/m },
  },
  'README.md#how-it-works/0': {
    declare: `${TYPES}
import type { PruningConfigInput as __Config } from '@tfjs-prune/schedules';
declare const config: __Config;
declare const model: __tfl.LayersModel;
declare const epochs: number;
declare const batches: [__tf.Tensor, __tf.Tensor][];
declare function loss(model: __tfl.LayersModel, x: __tf.Tensor, y: __tf.Tensor): __tf.Scalar;`,
    run: {
      setup: `${FIXTURES}
import { losses as __losses } from '@tensorflow/tfjs-core';
const config = halfHidden;
const model = tinyModel();
const epochs = 2;
const { x: __x, y: __y } = tinyData();
const batches = [[__x, __y]];
const loss = (m, xb, yb) => __losses.softmaxCrossEntropy(yb, m.apply(xb));`,
      check: "console.log('hidden zeros', zerosOf(model, 'hidden'));",
      expect: /^hidden zeros 16$/m,
    },
  },
  'README.md#how-it-works/1': {
    declare: MODEL_XY,
    run: {
      setup: `${FIXTURES}\nconst model = tinyModel();\nconst { x, y } = tinyData();`,
      check: "console.log('hidden zeros', zerosOf(model, 'hidden'));",
      // The plain object wrapped in a CustomCallback logged the epochs; pruning reached 50% of 32.
      expect: /^epoch 0 loss [0-9.]+$[\s\S]*^hidden zeros 16$/m,
    },
  },
  'README.md#progress-and-logs-in-node/0': {
    declare: MODEL_XY,
    run: {
      setup: `${FIXTURES}\nconst model = tinyModel();\nconst { x, y } = tinyData();`,
      check: "import { readFileSync as __read } from 'node:fs';\nconsole.log('records', __read('pruning.jsonl', 'utf8').trim().split('\\n').map((l) => JSON.parse(l).type).join(' '), 'hidden zeros', zerosOf(model, 'hidden'));",
      expect: /^records maskUpdate epoch epoch epoch hidden zeros 16$/m,
      expectStderr: /^epoch 1\/3 {2}loss \d\.\d{4} {2}sparsity 50\.0% {2}\d+\.\d s\nepoch 2\/3 [^\n]*\nepoch 3\/3 [^\n]*\n$/,
    },
  },
  'README.md#structured-pruning-and-compaction-faster-models/0': {
    declare: `${MODEL_XY}\nimport type { PruningConfigInput as __Config } from '@tfjs-prune/schedules';\ndeclare const config: __Config;`,
    run: {
      setup: `${MODEL_XY_SETUP}\nconst config = { pruners: [{ layers: { include: ['hidden'] }, granularity: 'structured', schedule: { type: 'one-shot', sparsity: 0.5 } }] };`,
      check: "import { existsSync as __exists } from 'node:fs';\nconsole.log('hidden units', small.getLayer('hidden').getConfig().units, 'saved', __exists('out/small/model.json'));",
      // Half of hidden's 8 units go; logits' 2 are the model's outputs and stay.
      expect: /^hidden units 4 saved true$/m,
    },
  },
  'README.md#checkpoints-and-resuming/0': {
    declare: MODEL_XY,
    run: {
      setup: MODEL_XY_SETUP,
      check: "console.log('resumed at', resumed.initialEpoch, 'hidden zeros', zerosOf(resumed.model, 'hidden'));",
      expect: /^resumed at 30 hidden zeros 16$/m,
    },
  },
  'README.md#export/0': {
    declare: `${TYPES}\ndeclare const model: __tfl.LayersModel;`,
    run: {
      setup: `${FIXTURES}\nconst model = tinyModel();`,
      check: "import { statSync as __stat } from 'node:fs';\nconsole.log('weights.bin', __stat('out/model/weights.bin').size, 'B');",
      // 4·8 + 8 + 8·2 + 2 = 58 weights, one byte each.
      expect: /^weights\.bin 58 B$/m,
    },
  },
  'README.md#backends/0': {
    declare: '',
    run: {
      setup: '',
      check: "console.log('backend', tf.getBackend(), 'filter gradient', tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined);",
      expect: /^backend wasm filter gradient true$/m,
    },
  },
  'README.md#in-the-browser/0': {
    declare: `${MODEL_XY}\nimport type { PruningConfigInput as __Config } from '@tfjs-prune/schedules';\ndeclare const config: __Config;`,
    typecheckOnly: 'needs a page: webgl, served .wasm files, downloads://',
  },
  'packages/callbacks/README.md#tfjs-prune-callbacks/0': {
    declare: MODEL_XY,
    run: {
      setup: MODEL_XY_SETUP,
      check: "import { existsSync as __exists } from 'node:fs';\nconsole.log('hidden zeros', zerosOf(model, 'hidden'), 'checkpoint', __exists('ckpt/latest.json'));",
      expect: /^hidden zeros 16 checkpoint true$/m,
      // selectBackend('auto') says which backend it took: wasm here, installed beside the cli.
      expectStderr: /^tfjs-prune: using backend "wasm"/,
    },
  },
  'packages/cli/README.md#data-loaders/0': {
    declare: '',
    run: { setup: '', check: "console.log('digits', train.count, test.count, train.imageShape.join('x'));", expect: /^digits 8000 2000 28x28x1$/m },
  },
  'packages/compact/README.md#tfjs-prune-compact/0': {
    declare: `${TYPES}\ndeclare const pruned: __tfl.LayersModel;`,
    run: {
      setup: `${FIXTURES}\nconst pruned = zeroedUnitsModel();`,
      check: `import { loadLayersModel as __load } from '@tensorflow/tfjs-layers';
import { fileSystem as __fs } from '@tfjs-prune/core/node';
const __saved = await __load(__fs('out/compact'));
console.log('params', report.parameters.before, '->', report.parameters.after, 'saved', __saved.countParams());`,
      expect: /^params 30 -> 16 saved 16$/m,
    },
  },
  'README.md#sparse-inference-pruned-models-that-run-faster/0': {
    declare: MODEL_XY,
    run: {
      setup: `${FIXTURES}\nconst model = tinyModel();\nconst { x } = tinyData();`,
      check: "console.log('sparse', out.shape.join('x'), sparse.report.layers.map((l) => l.name).join(','));",
      expect: /^sparse 16x2 hidden,logits$/m,
    },
  },
  'packages/sparse/README.md#tfjs-prune-sparse/0': {
    declare: `${TYPES}\ndeclare const pruned: __tfl.LayersModel;\ndeclare const x: __tf.Tensor;`,
    run: {
      setup: `${FIXTURES}\nconst pruned = tinyModel();\nconst { x } = tinyData();`,
      check: "console.log('same shape', y.shape.join('x'));",
      expect: /^same shape 16x2$/m,
    },
  },
  'packages/core/README.md#tfjs-prune-core/0': {
    declare: `${TYPES}\ndeclare const model: __tfl.LayersModel;`,
    typecheckOnly: 'exports to indexeddb://, which only a browser has',
  },
  'packages/errors/README.md#tfjs-prune-errors/0': {
    declare: `${MODEL_XY}\nimport type { PruningCallback as __Callback } from '@tfjs-prune/callbacks';\ndeclare const pruning: __Callback;`,
    run: {
      // A pruner that matches no layer: fit refuses with a library error, which the snippet reports.
      setup: `${MODEL_XY_SETUP}
import { PruningCallback as __Callback } from '@tfjs-prune/callbacks';
const pruning = new __Callback({ pruners: [{ layers: { include: ['nothing*'] }, schedule: { type: 'one-shot', sparsity: 0.5 } }] });`,
      check: '',
      expect: /^$/,
      expectStderr: /^CONFIG_DOES_NOT_FIT_MODEL config: \/pruners\/0\/layers: pruner "pruner-0" matches no prunable weight/,
    },
  },
  'packages/schedules/README.md#tfjs-prune-schedules/0': {
    declare: '',
    typecheckOnly: 'fetches a relative URL, which only a page can',
  },
  'packages/schedules/README.md#schedules-in-code/0': {
    declare: '',
    run: { setup: '', check: "console.log('same schedule', validateConfig(config).pruners[0]?.schedule === cosine);", expect: /^same schedule true$/m },
  },
};

/** What the setups import as ./fixtures.mjs: tiny seeded models on the cpu backend. */
const FIXTURES_MODULE = `import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { writeFileSync } from 'node:fs';

tf.env().set('PROD', true);
await tf.setBackend('cpu');

/** 4 -> hidden (8, relu) -> logits (2, softmax), compiled with Adam: 58 parameters, hidden/kernel 32. */
export function tinyModel() {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [4], units: 8, activation: 'relu', name: 'hidden', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dense({ units: 2, activation: 'softmax', name: 'logits', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  return model;
}

export function tinyData() {
  const values = Array.from({ length: 64 }, (_, i) => Math.sin(i * 1.7));
  const x = tf.tensor2d(values, [16, 4]);
  const y = tf.oneHot(tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 2), 'int32'), 2);
  return { x, y };
}

export const halfHidden = { pruners: [{ layers: { include: ['hidden'] }, schedule: { type: 'one-shot', sparsity: 0.5 } }] };

export function writeConfig(file, config) {
  writeFileSync(file, JSON.stringify(config));
}

export function zerosOf(model, layer) {
  return model.getLayer(layer).getWeights()[0].dataSync().filter((v) => v === 0).length;
}

/** 4 -> h (4 units, units 1 and 3 with zero kernels, unit 3's bias 0.5) -> o (2): 30 parameters, 16 once compacted. */
export function zeroedUnitsModel() {
  const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 4, activation: 'relu', name: 'h' }), tfl.layers.dense({ units: 2, name: 'o' })] });
  model.setWeights([
    tf.tensor2d([1, 0, -1, 0, 2, 0, 0.5, 0, -0.5, 0, 1, 0, 0.25, 0, 2, 0], [4, 4]),
    tf.tensor1d([0.1, 0, 0.2, 0.5]),
    tf.tensor2d([1, -1, 3, 4, 0.5, 2, -2, 1.5], [4, 2]),
    tf.tensor1d([0.3, -0.3]),
  ]);
  return model;
}
`;

const snippets: Snippet[] = readmeFiles().flatMap(extractSnippets);
const entryOf = (snippet: Snippet): Entry | undefined => ENTRIES[snippet.key];

describe('README snippets', () => {
  it('every ```ts block has an entry here (a prelude, and a run or the reason it cannot run)', () => {
    const missing = snippets
      .filter((s) => entryOf(s) === undefined)
      .map((s) => `${s.where}: a \`\`\`ts block with no entry "${s.key}" in packages/cli/test/readme-snippets.test.ts`);
    expect(missing).toEqual([]);
  });

  it('every entry here still has its block', () => {
    const keys = new Set(snippets.map((s) => s.key));
    expect(Object.keys(ENTRIES).filter((key) => !keys.has(key))).toEqual([]);
  });

  it('every entry either runs or says why it cannot', () => {
    expect(Object.entries(ENTRIES).filter(([, e]) => (e.run === undefined) === (e.typecheckOnly === undefined)).map(([k]) => k)).toEqual([]);
  });

  it('every block type-checks against the built packages, strict', () => {
    const known = snippets.flatMap((snippet) => {
      const entry = entryOf(snippet);
      return entry === undefined ? [] : [{ snippet, prelude: entry.declare }];
    });
    const problems = [...typecheckSnippets(known).values()].flat();
    expect(problems).toEqual([]);
  });

  const runnable = snippets.filter((s) => entryOf(s)?.run !== undefined);
  it.each(runnable.map((s) => [s.where, s] as const))('%s runs as written on a tiny model', async (_where, snippet) => {
    const run = entryOf(snippet)!.run!;
    const result = await runSnippet(snippet, { setup: run.setup, check: run.check, fixtures: FIXTURES_MODULE });
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(run.expect);
    expect(result.stderr).toMatch(run.expectStderr ?? /^$/);
  });
});
