import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll } from 'vitest';

/** CPU backend and a fresh temp directory per test, removed afterwards. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = [];
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterEach(async () => {
    await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tfjs-prune-io-'));
    made.push(dir);
    return dir;
  };
}

/** mulberry32: deterministic values so size assertions cannot flake. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Conv2D + Dense, small enough to compare every weight. */
export function smallConvModel(): tfl.Sequential {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [6, 6, 2], filters: 3, kernelSize: 3, activation: 'relu' }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 4 }));
  return model;
}

export function weightValues(model: tfl.LayersModel): Float32Array[] {
  // getWeights() returns the live variables, so these are not ours to dispose.
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

/** Sets every weight from `fill(index)`, in model.getWeights() order. */
export function setWeights(model: tfl.LayersModel, fill: (i: number, n: number) => number): void {
  const values = model.getWeights().map((w) => {
    const n = w.size;
    return tf.tensor(Float32Array.from({ length: n }, (_, i) => fill(i, n)), w.shape);
  });
  model.setWeights(values);
  tf.dispose(values);
}
