import type * as tf from '@tensorflow/tfjs-core';
import { countZeros } from '../count-zeros.js';
import { ExportError } from './export-error.js';
import { quantizeUint8 } from './affine-uint8.js';
import { toFloat16Bits } from './float16.js';
import { weightByteLength } from './weight-bytes.js';

export type Quantization = 'none' | 'float16' | 'uint8';

/** One weight ready for weights.bin: its (possibly quantized) spec and bytes. */
export interface EncodedWeight {
  readonly spec: tf.io.WeightsManifestEntry;
  readonly bytes: Uint8Array;
  readonly count: number;
  /** Zeros in the source values, so the count reflects pruning rather than rounding. */
  readonly zeros: number;
}

/**
 * Splits weights.bin as model.save() encoded it into one entry per weight and quantizes the
 * float32 ones. Other dtypes pass through unchanged; stock tfjs only dequantizes float32 (and
 * int32, which layers models don't use for weights).
 */
export function encodeExportWeights(
  specs: readonly tf.io.WeightsManifestEntry[],
  data: Uint8Array,
  quantize: Quantization,
): EncodedWeight[] {
  const out: EncodedWeight[] = [];
  let offset = 0;
  for (const spec of specs) {
    const length = weightByteLength(spec);
    if (length === null || spec.quantization !== undefined) {
      throw new ExportError(
        'EXPORT_WEIGHTS',
        `exportModel: weight ${spec.name} has dtype ${spec.quantization?.dtype ?? spec.dtype}; ` +
          'only unquantized numeric weights can be exported',
      );
    }
    // A copy, so typed-array views are aligned whatever precedes this weight.
    const raw = data.slice(offset, offset + length);
    offset += length;
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const zeros = zerosInStored(raw, spec.dtype);
    if (spec.dtype !== 'float32' || quantize === 'none') {
      out.push({ spec, bytes: raw, count, zeros });
      continue;
    }
    const values = new Float32Array(raw.buffer);
    if (quantize === 'float16') {
      const half = toFloat16Bits(values, spec.name);
      const bytes = new Uint8Array(half.buffer);
      out.push({ spec: { ...spec, quantization: { dtype: 'float16' } }, bytes, count, zeros });
    } else {
      const { data: bytes, scale, min } = quantizeUint8(values, spec.name);
      out.push({ spec: { ...spec, quantization: { dtype: 'uint8', scale, min } }, bytes, count, zeros });
    }
  }
  if (offset !== data.byteLength) {
    throw new ExportError(
      'EXPORT_WEIGHTS',
      `exportModel: the model's weight data has ${data.byteLength} bytes, its specs need ${offset}`,
    );
  }
  return out;
}

/**
 * Zeros among a weight's values, counted by core's countZeros on the source bytes read as their
 * dtype. Counting happens before quantization, so float16 halves never need decoding. complex64
 * keeps its own loop: a value is two floats and is zero only when both are.
 */
function zerosInStored(raw: Uint8Array, dtype: tf.io.WeightsManifestEntry['dtype']): number {
  if (dtype === 'int32') return countZeros(new Int32Array(raw.buffer));
  if (dtype === 'bool') return countZeros(raw);
  const values = new Float32Array(raw.buffer);
  if (dtype !== 'complex64') return countZeros(values);
  let zeros = 0;
  for (let i = 0; i < values.length; i += 2) if (values[i] === 0 && values[i + 1] === 0) zeros++;
  return zeros;
}
