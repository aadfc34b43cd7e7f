import type * as tfl from '@tensorflow/tfjs-layers';
import type { WeightReader } from '@tfjs-prune/core';

/** One weight's values, copied out of its tensor once. */
export interface WeightValues {
  readonly name: string;
  readonly values: Float32Array;
  readonly shape: readonly number[];
}

/** Every layer of a model (nested models walked) by its path, e.g. `encoder/conv_1`. */
export function layersByPath(model: tfl.LayersModel, prefix = ''): Map<string, tfl.layers.Layer> {
  const found = new Map<string, tfl.layers.Layer>();
  for (const layer of model.layers) {
    const path = `${prefix}${layer.name}`;
    found.set(path, layer);
    if ('layers' in layer && Array.isArray((layer as tfl.LayersModel).layers)) {
      for (const [inner, innerLayer] of layersByPath(layer as tfl.LayersModel, `${path}/`)) found.set(inner, innerLayer);
    }
  }
  return found;
}

export const shortWeightName = (name: string): string => name.slice(name.lastIndexOf('/') + 1);

/** A layer's own weights (not a nested model's), in `getWeights()` order, as plain arrays. */
export function readLayerWeights(layer: tfl.layers.Layer): WeightValues[] {
  return layer.weights.map((w) => ({
    name: shortWeightName(w.originalName),
    values: Float32Array.from(w.read().dataSync() as Float32Array),
    shape: w.shape.map((d) => d ?? 0),
  }));
}

export function readerOf(weights: readonly WeightValues[]): WeightReader {
  return (name) => weights.find((w) => w.name === name);
}
