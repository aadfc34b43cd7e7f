import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { quantizeUint8 } from '../../src/io/affine-uint8.js';
import { ExportError } from '../../src/io/export-error.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Dequantizes with tfjs's own decoder, the one tf.loadLayersModel uses. */
function stockDecode(values: number[]): { decoded: Float32Array; scale: number } {
  const { data, scale, min } = quantizeUint8(Float32Array.from(values), 'w');
  const spec: tf.io.WeightsManifestEntry = {
    name: 'w', shape: [values.length], dtype: 'float32', quantization: { dtype: 'uint8', scale, min },
  };
  const tensor = tf.io.decodeWeights(data.slice().buffer, [spec])['w'] as tf.Tensor;
  const decoded = tensor.dataSync() as Float32Array;
  tensor.dispose();
  return { decoded, scale };
}

describe('quantizeUint8', () => {
  it.each([
    ['mixed signs', [-0.7, 0, 0.31, 0, 1.3, -0.001, 0.5]],
    ['all positive (range widened to 0)', [0.2, 0, 0.9, 0.45]],
    ['all negative', [-3, 0, -0.25, -1e-3]],
    ['all zero', [0, 0, -0]],
    ['one constant', [0.125, 0.125]],
    ['skewed, awkward scale', [-1e-4, 0, 123.456, 0, 77.7]],
  ])('%s: zeros decode to exactly 0, the rest within scale/2', (_, values) => {
    const { decoded, scale } = stockDecode(values);
    values.forEach((v, i) => {
      if (v === 0) expect(decoded[i]).toBe(0);
      else expect(Math.abs((decoded[i] as number) - v)).toBeLessThanOrEqual(scale / 2 + Math.abs(v) * 2 ** -23);
    });
  });

  it('refuses non-finite values, naming the weight', () => {
    const thrown = (() => {
      try {
        quantizeUint8(Float32Array.of(0, NaN), 'dense/kernel');
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(ExportError);
    expect(thrown).toMatchObject({
      code: 'EXPORT_UNQUANTIZABLE',
      message: 'dense/kernel: value NaN at index 1 cannot be quantized to uint8; fix the weights or export without quantization',
    });
  });
});
