import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { Kernels } from '../src/kernels.js';
import { makeResident, matmulOp } from '../src/matmul-op.js';
import { sparseFormats } from '../src/options.js';
import { packMatrix } from '../src/pack.js';
import { referenceKernels } from '../src/reference-kernels.js';
import { Runtime } from '../src/runtime.js';
import { wasmKernels } from '../src/wasm-kernels.js';
import { rng } from './support/models.js';

/**
 * XNNPACK's rule for every SIMD microkernel: the scalar reference is the specification and the
 * fast kernel must agree with it over generated shapes and sparsities, including the odd sizes
 * (outputs not a multiple of 4, columns 1, 4, 8, 16 and ragged batches) where tails go wrong.
 */
const wasm = await wasmKernels();

function run(kernels: Kernels, format: (typeof sparseFormats)[number], weights: Float32Array, bias: Float32Array, inputs: number, outputs: number, x: Float32Array, batch: number, activation: string): Float32Array {
  const heap = kernels.heap;
  const mark = heap.mark();
  const matrix = makeResident(kernels, packMatrix(format, weights, bias, inputs, outputs), 0);
  const runtime = new Runtime(kernels);
  const y = matmulOp(matrix, activation).run([runtime.fromData(x, [batch, inputs])], runtime);
  const out = Float32Array.from(runtime.toView(y));
  heap.rewind(mark);
  return out;
}

/** y = x W + b computed directly in float64: what both kernels approximate. */
function direct(weights: Float32Array, bias: Float32Array, inputs: number, outputs: number, x: Float32Array, batch: number): Float64Array {
  const y = new Float64Array(batch * outputs);
  for (let b = 0; b < batch; b++) {
    for (let o = 0; o < outputs; o++) {
      let sum = bias[o]!;
      for (let k = 0; k < inputs; k++) sum += x[b * inputs + k]! * weights[k * outputs + o]!;
      y[b * outputs + o] = sum;
    }
  }
  return y;
}

const cases = fc.record({
  inputs: fc.integer({ min: 1, max: 37 }),
  outputs: fc.integer({ min: 1, max: 23 }),
  batch: fc.constantFrom(1, 2, 3, 4, 5, 8, 9, 16, 17, 33),
  sparsity: fc.constantFrom(0, 0.3, 0.7, 0.9, 0.99, 1),
  activation: fc.constantFrom('linear', 'relu', 'relu6', 'sigmoid'),
  seed: fc.integer({ min: 1, max: 1 << 30 }),
});

describe('wasm kernels match the JS reference kernels', () => {
  it.each(sparseFormats)('%s', (format) => {
    const reference = referenceKernels();
    fc.assert(
      fc.property(cases, ({ inputs, outputs, batch, sparsity, activation, seed }) => {
        const random = rng(seed);
        const weights = Float32Array.from({ length: inputs * outputs }, () => (random() < sparsity ? 0 : random() * 2 - 1));
        const bias = Float32Array.from({ length: outputs }, () => random() * 8 - 4);
        const x = Float32Array.from({ length: batch * inputs }, () => random() * 4 - 2);
        const expected = run(reference, format, weights, bias, inputs, outputs, x, batch, activation);
        const actual = run(wasm, format, weights, bias, inputs, outputs, x, batch, activation);
        expect(actual.length).toBe(batch * outputs);
        // Summation order differs (SIMD lanes, unrolling); float32 rounding bounds the gap.
        for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i]! - expected[i]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(expected[i]!)));
        if (activation === 'linear') {
          const exact = direct(weights, bias, inputs, outputs, x, batch);
          for (let i = 0; i < exact.length; i++) expect(Math.abs(expected[i]! - exact[i]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(exact[i]!)));
        }
      }),
      { numRuns: 60, seed: 16 },
    );
  });

  /** packMatrix pads CSR rows to multiples of 4, so only hand-made CSR reaches the kernel's tails. */
  it('CSR rows of any length (unpadded) agree as well', () => {
    const random = rng(5);
    const inputs = 29;
    const outputs = 13;
    const start = [0];
    const rows: number[] = [];
    const vals: number[] = [];
    for (let o = 0; o < outputs; o++) {
      for (let k = 0; k < inputs; k++) if (random() < o / outputs) (rows.push(k), vals.push(random() * 2 - 1));
      start.push(rows.length);
    }
    for (const cols of [1, 4, 20]) {
      const x = Float32Array.from({ length: inputs * cols }, () => random() * 4 - 2);
      const bias = Float32Array.from({ length: 16 }, () => random());
      const [actual, expected] = [wasm, referenceKernels()].map((kernels) => {
        const heap = kernels.heap;
        const mark = heap.mark();
        const y = heap.alloc(outputs * cols * 4);
        kernels.csr16(heap.allocI32(start), heap.allocU16(rows), heap.allocF32(vals), heap.allocF32(bias), heap.allocF32(x), y, outputs, cols, 0);
        const out = Array.from(heap.f32().subarray(y >> 2, (y >> 2) + outputs * cols));
        heap.rewind(mark);
        return out;
      });
      for (let i = 0; i < expected!.length; i++) expect(Math.abs(actual![i]! - expected![i]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(expected![i]!)));
    }
  });

  it('CSR with 32-bit input indices (more than 65536 inputs) agrees as well', () => {
    const inputs = 65537 + 3;
    const outputs = 3;
    const random = rng(7);
    const weights = Float32Array.from({ length: inputs * outputs }, () => (random() < 0.995 ? 0 : random() * 2 - 1));
    // The last inputs, past the u16 range, carry weight: wrong index widths would miss them.
    for (let o = 0; o < outputs; o++) weights[(inputs - 1 - o) * outputs + o] = 3;
    const bias = Float32Array.from([0.5, -0.5, 1]);
    for (const batch of [1, 5]) {
      const x = Float32Array.from({ length: batch * inputs }, () => random() * 4 - 2);
      const exact = direct(weights, bias, inputs, outputs, x, batch);
      for (const kernels of [wasm, referenceKernels()]) {
        const actual = run(kernels, 'csr', weights, bias, inputs, outputs, x, batch, 'linear');
        for (let i = 0; i < exact.length; i++) expect(Math.abs(actual[i]! - exact[i]!)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(exact[i]!)));
      }
    }
  });

  it('transpose: the layout copy both ways, in wasm and JS alike', () => {
    for (const kernels of [wasm, referenceKernels()]) {
      const heap = kernels.heap;
      const mark = heap.mark();
      const runtime = new Runtime(kernels);
      const data = Float32Array.from({ length: 5 * 7 }, (_, i) => i + 0.5);
      const value = runtime.fromData(data, [5, 7]);
      expect(value.cols).toBe(8);
      const f = heap.f32();
      // Channel 2 of position 3 sits at row 2, column 3; padding rows and columns hold zeros.
      expect(f[(value.ptr >> 2) + 2 * 8 + 3]).toBe(data[3 * 7 + 2]);
      expect(f[(value.ptr >> 2) + 2 * 8 + 5]).toBe(0);
      expect(f[(value.ptr >> 2) + 7 * 8 + 1]).toBe(0);
      expect(Array.from(runtime.toView(value))).toStrictEqual(Array.from(data));
      heap.rewind(mark);
    }
  });

  /** The wasm transpose works in 4x4 blocks within 16x16 tiles; these shapes hit every edge. */
  it('transpose: wasm equals the reference over generated shapes and strides', () => {
    const js = referenceKernels();
    for (const [rows, cols, pad] of [[1, 1, 0], [3, 5, 1], [4, 4, 0], [16, 16, 0], [17, 33, 3], [64, 7, 2], [36, 20, 5]] as const) {
      const results = [wasm, js].map((kernels) => {
        const heap = kernels.heap;
        const mark = heap.mark();
        const srcStride = cols + pad;
        const dstStride = rows + pad;
        const src = heap.allocF32(Float32Array.from({ length: rows * srcStride }, (_, i) => i * 0.25 - 7));
        const dst = heap.allocF32(new Float32Array(cols * dstStride).fill(-1));
        kernels.transpose(src, dst, rows, cols, srcStride, dstStride);
        const out = Array.from(heap.f32().subarray(dst >> 2, (dst >> 2) + cols * dstStride));
        heap.rewind(mark);
        return out;
      });
      expect(results[0], `${rows}x${cols} pad ${pad}`).toStrictEqual(results[1]);
      // Padding past each destination row is left as it was.
      if (pad > 0) expect(results[0]![rows]).toBe(-1);
    }
  });
});

describe('packing', () => {
  const weights = Float32Array.from([
    // [inputs 5, outputs 6]
    1, 0, 0, 0, 0, 2,
    0, 0, 0, 0, 0, 0,
    0, 3, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0,
    4, 0, 0, 0, 5, 0,
  ]);

  it("CSR stores each output column's nonzeros in input order, padded to 4 with zeros at the last input", () => {
    const p = packMatrix('csr', weights, null, 5, 6);
    expect(Array.from(p.start)).toStrictEqual([0, 4, 8, 8, 8, 12, 16]);
    expect(Array.from(p.rows)).toStrictEqual([0, 4, 4, 4, 2, 2, 2, 2, 4, 4, 4, 4, 0, 0, 0, 0]);
    expect(Array.from(p.vals)).toStrictEqual([1, 4, 0, 0, 3, 0, 0, 0, 5, 0, 0, 0, 2, 0, 0, 0]);
    expect(Array.from(p.bias)).toStrictEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('1x4 blocks group four outputs; the last group is zero-padded', () => {
    const p = packMatrix('block1x4', weights, Float32Array.from([1, 2, 3, 4, 5, 6]), 5, 6);
    expect(Array.from(p.start)).toStrictEqual([0, 3, 5]);
    expect(Array.from(p.rows)).toStrictEqual([0, 2, 4, 0, 4]);
    expect(Array.from(p.vals)).toStrictEqual([1, 0, 0, 0, 0, 3, 0, 0, 4, 0, 0, 0, 0, 2, 0, 0, 5, 0, 0, 0]);
    expect(Array.from(p.bias)).toStrictEqual([1, 2, 3, 4, 5, 6, 0, 0]);
  });

  it('4x1 blocks group four inputs starting at multiples of 4; inputs past the end are zeros', () => {
    const p = packMatrix('block4x1', weights, null, 5, 6);
    expect(Array.from(p.start)).toStrictEqual([0, 2, 3, 3, 3, 4, 5]);
    expect(Array.from(p.rows)).toStrictEqual([0, 4, 0, 4, 0]);
    expect(Array.from(p.vals)).toStrictEqual([1, 0, 0, 0, 4, 0, 0, 0, 0, 0, 3, 0, 5, 0, 0, 0, 2, 0, 0, 0]);
  });
});
