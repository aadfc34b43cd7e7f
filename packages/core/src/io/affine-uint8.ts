import { ExportError } from './export-error.js';

/**
 * Affine uint8 quantization in the form tf.io.decodeWeights reads back: value = q * scale + min.
 *
 * The range is widened to include 0 and `min` is nudged to a whole number of steps below zero
 * (the "zero point", as tfjs-converter's quantizer does), so that 0.0 is one of the 256 levels
 * and dequantizes to exactly 0: the zero point `z` decodes as z*scale + (-(z*scale)), the same
 * double product on both sides. Without this, pruned zeros would come back as tiny nonzeros
 * and the model would neither be sparse nor gzip well.
 *
 * Every value decodes within scale/2 of the original (plus float32 rounding).
 */
export function quantizeUint8(
  values: Float32Array,
  weightName: string,
): { data: Uint8Array; scale: number; min: number } {
  let lo = 0;
  let hi = 0;
  for (const [i, v] of values.entries()) {
    if (!Number.isFinite(v)) {
      throw new ExportError(
        'EXPORT_UNQUANTIZABLE',
        `${weightName}: value ${v} at index ${i} cannot be quantized to uint8; ` +
          'fix the weights or export without quantization',
      );
    }
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  const scale = hi > lo ? (hi - lo) / 255 : 1;
  const zeroPoint = Math.min(255, Math.max(0, Math.round(-lo / scale)));
  const min = -(zeroPoint * scale);
  const data = new Uint8Array(values.length);
  for (const [i, v] of values.entries()) {
    data[i] = Math.min(255, Math.max(0, Math.round(v / scale) + zeroPoint));
  }
  return { data, scale, min };
}
