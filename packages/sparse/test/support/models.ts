import * as tfl from '@tensorflow/tfjs-layers';

import { tf } from './cpu-backend.js';

// One seeded generator for every package's tests: core's.
import { seededRandom as rng } from '../../../core/test/io/fixtures.js';

export { rng };

/**
 * Seeds every weight with values in [-1, 1), then zeroes the given fraction of each Dense or
 * Conv2D kernel: entry by entry, or whole 1x4 / 4x1 blocks of the kernel's [inputs, outputs] view.
 * BN variances stay positive.
 */
export function seedAndPrune(model: tfl.LayersModel, seed: number, sparsity: number, pattern: 'unstructured' | 'block1x4' | 'block4x1' = 'unstructured'): void {
  const random = rng(seed);
  for (const layer of leafLayers(model)) {
    if (layer.weights.length === 0) continue;
    const values = layer.getWeights().map((w) => {
      const data = Float32Array.from({ length: w.size }, () => random() * 2 - 1);
      return { data, shape: w.shape };
    });
    layer.weights.forEach((w, i) => {
      if (w.originalName.endsWith('moving_variance')) values[i]!.data.forEach((v, j, a) => (a[j] = 0.5 + Math.abs(v)));
    });
    const cls = layer.getClassName();
    if ((cls === 'Dense' || cls === 'Conv2D') && sparsity > 0) {
      const kernel = values[0]!;
      const outputs = kernel.shape[kernel.shape.length - 1]!;
      const inputs = kernel.data.length / outputs;
      const zero = (k: number, o: number) => {
        if (k < inputs && o < outputs) kernel.data[k * outputs + o] = 0;
      };
      if (pattern === 'unstructured') {
        kernel.data.forEach((_, j) => {
          if (random() < sparsity) kernel.data[j] = 0;
        });
      } else if (pattern === 'block1x4') {
        for (let k = 0; k < inputs; k++) for (let o = 0; o < outputs; o += 4) if (random() < sparsity) for (let i = 0; i < 4; i++) zero(k, o + i);
      } else {
        for (let o = 0; o < outputs; o++) for (let k = 0; k < inputs; k += 4) if (random() < sparsity) for (let i = 0; i < 4; i++) zero(k + i, o);
      }
    }
    const tensors = values.map((v) => tf.tensor(v.data, v.shape));
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
}

/** Every layer that is not a model, nested models' layers included, each once. */
function leafLayers(model: tfl.LayersModel): tfl.layers.Layer[] {
  const seen = new Set<tfl.layers.Layer>();
  const walk = (m: tfl.LayersModel): void => {
    for (const layer of m.layers) {
      if ('layers' in layer && Array.isArray((layer as { layers?: unknown }).layers)) walk(layer as unknown as tfl.LayersModel);
      else seen.add(layer);
    }
  };
  walk(model);
  return [...seen];
}

export function randomInput(shape: number[], seed: number): tf.Tensor {
  const random = rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => random() * 4 - 2), shape);
}

/** Largest |a - b| over the largest |a|: the error relative to the output's scale. */
export function relativeError(expected: ArrayLike<number>, actual: ArrayLike<number>): number {
  let scale = 0;
  let error = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]!));
    const d = Math.abs(expected[i]! - actual[i]!);
    error = Number.isNaN(d) ? Infinity : Math.max(error, d);
  }
  return error / Math.max(scale, 1e-30);
}

/** Outputs of both, as arrays of (shape, values), tensors disposed. */
export function outputsOf(result: tf.Tensor | tf.Tensor[]): { shape: number[]; values: Float32Array }[] {
  const list = Array.isArray(result) ? result : [result];
  const out = list.map((t) => ({ shape: t.shape, values: t.dataSync() as Float32Array }));
  tf.dispose(list);
  return out;
}

export { tf, tfl };
