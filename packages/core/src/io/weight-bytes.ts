import type * as tf from '@tensorflow/tfjs-core';

/** Bytes per stored value, by dtype; mirrors tfjs-core's DTYPE_VALUE_SIZE_MAP, which tf.io hides. */
const BYTES_PER_VALUE: Readonly<Record<string, number>> = {
  float32: 4,
  int32: 4,
  uint16: 2,
  float16: 2,
  uint8: 1,
  bool: 1,
  complex64: 8,
};

/**
 * Bytes a weight occupies in weights.bin, as tf.io.decodeWeights will slice it: quantized
 * weights take the size of their quantized dtype. `null` for strings, whose length is only
 * known by reading the data.
 */
export function weightByteLength(spec: tf.io.WeightsManifestEntry): number | null {
  const stored = spec.quantization?.dtype ?? spec.dtype;
  const size = BYTES_PER_VALUE[stored];
  if (size === undefined) return null;
  return spec.shape.reduce((a, b) => a * b, 1) * size;
}
