import type * as tfl from '@tensorflow/tfjs-layers';

/** Inference-time BatchNormalization as y = x * scale + shift per channel of the last axis. */
export interface Affine {
  readonly scale: Float32Array;
  readonly shift: Float32Array;
}

/** The layer's affine map, or why it has none we can run (normalizing another axis than the last). */
export function batchNormAffine(layer: tfl.layers.Layer, inputRank: number): Affine | string {
  const c = layer.getConfig() as Record<string, unknown>;
  const axis = Array.isArray(c['axis']) ? (c['axis'].length === 1 ? c['axis'][0] : undefined) : c['axis'];
  if (axis !== -1 && axis !== inputRank - 1) return `axis ${JSON.stringify(c['axis'])} is not the last`;
  // read() returns the variable itself, no new tensor; nothing here writes to the data.
  const weights = layer.weights.map((w) => w.read().dataSync() as Float32Array);
  const gamma = c['scale'] !== false ? weights.shift()! : null;
  const beta = c['center'] !== false ? weights.shift()! : null;
  const [mean, variance] = weights;
  const epsilon = c['epsilon'] as number;
  const channels = mean!.length;
  const scale = new Float32Array(channels);
  const shift = new Float32Array(channels);
  for (let i = 0; i < channels; i++) {
    scale[i] = (gamma?.[i] ?? 1) / Math.sqrt(variance![i]! + epsilon);
    shift[i] = (beta?.[i] ?? 0) - mean![i]! * scale[i]!;
  }
  return { scale, shift };
}
