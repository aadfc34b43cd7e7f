import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';

import '@tensorflow/tfjs-backend-wasm';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as tfl from '@tensorflow/tfjs-layers';
import { fileSystem } from '@tfjs-prune/core/node';
import { registerWasmTrainingKernels } from '@tfjs-prune/core/wasm-training';

import { compactTrainingSpecs } from '../../src/bench/compact.js';
import { pruneAndCompact, runCompactTraining } from '../../src/bench/compact-training.js';
import { copyModel } from '../../src/bench/model-copy.js';

tf.env().set('PROD', true);

const digits = (count: number, seed: number) => ({
  x: tf.tensor4d(Array.from({ length: count * 784 }, (_, i) => (Math.sin(i * 0.013 + seed) + 1) / 2), [count, 28, 28, 1]),
  y: tf.oneHot(tf.tensor1d(Array.from({ length: count }, (_, i) => (i * 7 + seed) % 10), 'int32'), 10),
});

/**
 * The compact suite's training half runs today; only compaction waits for @tfjs-prune/compact.
 * With a copy standing in for compaction, the run must prune exactly half the units of every
 * Conv2D and hidden Dense layer of LeNet-5, leave the logits dense, and report the two models'
 * predictions as identical.
 */
describe('pruneAndCompact', () => {
  it('prunes LeNet-5 by units during fit and measures the compacted stand-in against it', async () => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
    const train = digits(32, 1);
    const test = digits(16, 2);
    const before = tf.memory().numTensors;
    const { compacted, counts } = await pruneAndCompact('lenet-5', 0.5, 2, train, test, async (model) => ({ model: await copyModel(model), report: null }));
    const zeroUnits = (layer: string) => {
      const kernel = compacted.getLayer(layer).getWeights()[0] as tf.Tensor;
      const norms = tf.tidy(() => tf.sum(tf.abs(tf.reshape(kernel, [-1, kernel.shape.at(-1) as number])), 0).dataSync());
      return Array.from(norms).filter((n) => n === 0).length;
    };
    expect({ conv1: zeroUnits('conv1'), conv2: zeroUnits('conv2'), fc1: zeroUnits('fc1'), fc2: zeroUnits('fc2'), logits: zeroUnits('logits') }).toEqual({
      conv1: 3,
      conv2: 8,
      fc1: 60,
      fc2: 42,
      logits: 0,
    });
    expect(counts.compactedAccuracy).toBe(counts.prunedAccuracy);
    expect(counts.maxPredictionDifference).toBe(0);
    expect(counts.compactedParams).toBe(44_426);
    compacted.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([train.x, train.y, test.x, test.y]);
  });

  it.each(['resnet', 'mobilenet'] as const)('prunes every Conv2D of %s by filters while it trains on wasm', async (name) => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
    const train = digits(64, 3);
    const test = digits(8, 4);
    const { compacted, counts } = await pruneAndCompact(name, 0.5, 2, train, test, async (model) => ({ model: await copyModel(model), report: null }));
    const convs = compacted.layers.filter((l) => l.getClassName() === 'Conv2D');
    const zeroFilters = convs.map((layer) => {
      const kernel = layer.getWeights()[0] as tf.Tensor;
      const filters = kernel.shape.at(-1) as number;
      const norms = tf.tidy(() => tf.sum(tf.abs(tf.reshape(kernel, [-1, filters])), 0).dataSync());
      return { layer: layer.name, zero: Array.from(norms).filter((n) => n === 0).length, half: Math.round(filters / 2) };
    });
    expect(zeroFilters.filter((z) => z.zero !== z.half)).toEqual([]);
    expect(zeroFilters.length).toBe(name === 'resnet' ? 9 : 10);
    expect(counts.maxPredictionDifference).toBe(0);
    compacted.dispose();
    tf.dispose([train.x, train.y, test.x, test.y]);
  });
});

describe('compact suite trainings', () => {
  it('are, per model, the dense net and each sparsity, in that order', () => {
    const specs = compactTrainingSpecs(['lenet-5', 'resnet'], { epochs: 2, trainDigits: 10, dir: '/d' });
    expect(specs.map((s) => [s.id, s.model, s.sparsity])).toEqual([
      ['lenet-5-dense', 'lenet-5', 0],
      ['lenet-5-50', 'lenet-5', 0.5],
      ['lenet-5-75', 'lenet-5', 0.75],
      ['resnet-dense', 'resnet', 0],
      ['resnet-50', 'resnet', 0.5],
      ['resnet-75', 'resnet', 0.75],
    ]);
  });

  /** What a worker hands the parent: a saved model it can time, with counts that match it. */
  it('train, compact and save a model the parent loads with the counts reported', async () => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
    const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-compact-training-'));
    try {
      const [dense, half] = compactTrainingSpecs(['lenet-5'], { epochs: 2, trainDigits: 64, dir });
      const before = tf.memory().numTensors;
      const results = [await runCompactTraining(dense!, { kind: 'mnist-package' }, () => {}), await runCompactTraining(half!, { kind: 'mnist-package' }, () => {})];
      expect(tf.memory().numTensors).toBe(before);
      expect(results.map((r) => [r.status, r.reason])).toEqual([['ok', undefined], ['ok', undefined]]);
      expect(results.map((r) => r.params)).toEqual([44_426, 11_418]);
      expect(results[1]!.compactedAccuracy).toBe(results[1]!.accuracy);
      expect(results[1]!.maxPredictionDifference).toBe(0);
      for (const r of results) {
        const loaded = await tfl.loadLayersModel(fileSystem(r.saved!));
        expect(loaded.countParams()).toBe(r.params);
        loaded.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
