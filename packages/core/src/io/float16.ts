import { ExportError } from './export-error.js';

/**
 * IEEE 754 half-precision bits for float32 values, rounded to nearest, ties to even (what
 * numpy's astype(float16) does in tfjs-converter). tfjs-core's float16 decoder reads them back.
 *
 * Throws instead of writing Infinity for values beyond the float16 range (|x| > 65504): a
 * weight that silently became Infinity would poison every prediction.
 */
export function toFloat16Bits(values: Float32Array, weightName: string): Uint16Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < bits.length; i++) {
    const half = halfBits(bits[i] as number);
    if ((half & 0x7fff) === 0x7c00 && Number.isFinite(values[i])) {
      throw new ExportError(
        'EXPORT_UNQUANTIZABLE',
        `${weightName}: value ${values[i]} at index ${i} is beyond float16's range (±65504); ` +
          "export with quantize: 'uint8' or without quantization",
      );
    }
    out[i] = half;
  }
  return out;
}

function halfBits(f: number): number {
  const sign = (f >>> 16) & 0x8000;
  const exponent = (f >>> 23) & 0xff;
  const mantissa = f & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): the implicit leading 1 becomes explicit and shifts right.
    if (e < -10) return sign;
    const m = mantissa | 0x800000;
    const shift = 14 - e;
    return sign | roundShift(m, shift);
  }
  // A carry out of the mantissa rolls into the exponent, which is exactly right (up to Inf).
  return sign | (((e << 10) | (mantissa >>> 13)) + roundingCarry(mantissa, 13, mantissa >>> 13));
}

function roundShift(m: number, shift: number): number {
  const kept = m >>> shift;
  return kept + roundingCarry(m, shift, kept);
}

/** 1 when the bits shifted out round the kept part up: above half, or exactly half and odd. */
function roundingCarry(m: number, shift: number, kept: number): number {
  const rest = m & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && (kept & 1) === 1) ? 1 : 0;
}
