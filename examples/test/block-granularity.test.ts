import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';

import { PruningCallback } from '@tfjs-prune/callbacks';
import { validateConfig } from '@tfjs-prune/schedules';

beforeAll(() => tf.setBackend('cpu'));

/** Every 1×4 tile of a [rows, cols] kernel: 'zero' (all four zero), 'kept' (none zero) or 'mixed'. */
function tiles(kernel: Float32Array, cols: number): string[] {
  const out: string[] = [];
  for (let r = 0; r < kernel.length / cols; r++) {
    for (let c = 0; c < cols; c += 4) {
      const zeros = [0, 1, 2, 3].filter((k) => kernel[r * cols + c + k] === 0).length;
      out.push(zeros === 4 ? 'zero' : zeros === 0 ? 'kept' : 'mixed');
    }
  }
  return out;
}

/**
 * Issue 16, item 4: `"granularity": {"type": "block", "shape": [1, 4]}` is the pattern the sparse
 * kernels run fastest (four neighbouring outputs of one input share an index). It must already
 * work with PruningCallback during a real fit: whole tiles pruned, at exactly the target.
 */
describe('1×4 block granularity with PruningCallback', () => {
  it('prunes whole 1×4 tiles (four neighbouring outputs of one input) to exactly the target during fit', async () => {
    const before = tf.memory().numTensors;
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ name: 'hidden', inputShape: [6], units: 8, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
        tfl.layers.dense({ name: 'logits', units: 4, activation: 'softmax', kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    model.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    const pruning = new PruningCallback({
      pruners: [
        { name: 'hidden', layers: { include: ['hidden'] }, granularity: { type: 'block', shape: [1, 4] }, schedule: { type: 'one-shot', sparsity: 0.75, epoch: 0 } },
        { name: 'logits', layers: { include: ['logits'] }, granularity: { type: 'block', shape: [1, 4] }, schedule: { type: 'one-shot', sparsity: 0.5, epoch: 0 } },
      ],
    });
    const x = tf.randomUniform([32, 6], 0, 1, 'float32', 3);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 4), 'int32'), 4));
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [pruning] });
    pruning.strip();

    const hidden = model.getLayer('hidden').getWeights()[0]!.dataSync() as Float32Array;
    const logits = model.getLayer('logits').getWeights()[0]!.dataSync() as Float32Array;
    // hidden: 6 rows × 2 tiles, 75% → 9 of 12 tiles zero; logits: 8 rows × 1 tile, 50% → 4 of 8.
    const count = (t: string[], kind: string) => t.filter((k) => k === kind).length;
    expect([count(tiles(hidden, 8), 'zero'), count(tiles(hidden, 8), 'kept'), count(tiles(hidden, 8), 'mixed')]).toEqual([9, 3, 0]);
    expect([count(tiles(logits, 4), 'zero'), count(tiles(logits, 4), 'kept'), count(tiles(logits, 4), 'mixed')]).toEqual([4, 4, 0]);

    tf.dispose([x, y]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the demo block config validates and prunes what the unstructured one does, in 1×4 tiles', () => {
    const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as { pruners: Array<Record<string, unknown>> };
    const block = read('../configs/lenet-300-100-block.json');
    const unstructured = read('../schedules/lenet-300-100.json');
    expect(() => validateConfig(block, { source: 'lenet-300-100-block.json' })).not.toThrow();
    expect(block.pruners.map((p) => p['granularity'])).toEqual([
      { type: 'block', shape: [1, 4] },
      { type: 'block', shape: [1, 4] },
    ]);
    const rest = (p: Record<string, unknown>) => ({ ...p, name: undefined, granularity: undefined });
    expect(block.pruners.map(rest)).toEqual(unstructured.pruners.map(rest));
  });
});
