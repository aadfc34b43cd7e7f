import { describe, expect, it } from 'vitest';
import { ExportError } from '../../src/io/export-error.js';
import { toFloat16Bits } from '../../src/io/float16.js';

const bits = (x: number): number => toFloat16Bits(Float32Array.of(x), 'w')[0] as number;

describe('toFloat16Bits', () => {
  it.each([
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.333251953125, 0x3555],
    [65504, 0x7bff], // largest finite half
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -25, 0x0000], // exactly half the smallest subnormal: ties to even, so 0
    [1.5 * 2 ** -24, 0x0002], // tie between 1 and 2 subnormal steps: to even (2)
    [1 + 2 ** -11, 0x3c00], // tie between 1 and its successor: to even (1)
    [1 + 3 * 2 ** -11, 0x3c02], // tie between 0x3c01 and 0x3c02: to even
    [1 + 2 ** -11 + 2 ** -20, 0x3c01], // just above the tie rounds up
    [65519, 0x7bff], // below the midpoint to 65536 stays finite
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
  ])('encodes %s', (value, expected) => {
    expect(bits(value)).toBe(expected);
  });

  it('maps every finite half-precision value back to its own bits', () => {
    const values = new Float32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) values[h] = decodeHalf(h);
    const finite = [...values.keys()].filter((h) => Number.isFinite(values[h]));
    const encoded = toFloat16Bits(values.map((v) => (Number.isFinite(v) ? v : 0)), 'w');
    expect(finite).toHaveLength(0x10000 - 2 * 1024);
    for (const h of finite) if (encoded[h] !== h) expect(encoded[h]).toBe(h);
  });

  it('keeps NaN a NaN', () => {
    expect(bits(NaN) & 0x7c00).toBe(0x7c00);
    expect(bits(NaN) & 0x3ff).not.toBe(0);
  });

  it('refuses finite values that would become Infinity, naming the weight', () => {
    const thrown = (() => {
      try {
        toFloat16Bits(Float32Array.of(1, 70000), 'dense/kernel');
      } catch (error) {
        return error;
      }
    })();
    expect(thrown).toBeInstanceOf(ExportError);
    expect(thrown).toMatchObject({
      code: 'EXPORT_UNQUANTIZABLE',
      message:
        "dense/kernel: value 70000 at index 1 is beyond float16's range (±65504); " +
        "export with quantize: 'uint8' or without quantization",
    });
  });
});

/** Reference decoding straight from the IEEE 754 definition. */
function decodeHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0x1f) return m === 0 ? sign * Infinity : NaN;
  return sign * (e === 0 ? m * 2 ** -24 : (1 + m / 1024) * 2 ** (e - 15));
}
