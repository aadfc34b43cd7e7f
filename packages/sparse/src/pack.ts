import type { SparseFormat } from './options.js';

/**
 * A Dense or 1x1-convolution kernel packed once, at `sparsify` time, into one format (XNNPACK's
 * rule: the format is a packing decision, never a per-call one). `weights` is the tfjs kernel
 * [inputs, outputs] row-major; see assembly/kernels.ts for what each array means.
 */
export interface PackedMatrix {
  readonly format: SparseFormat;
  readonly inputs: number;
  readonly outputs: number;
  /** Block or column starts (CSR, 4x1: per output; 1x4: per group of four outputs); empty for dense. */
  readonly start: Int32Array;
  /** Input index of each nonzero or block (a multiple of 4 for 4x1); empty for dense. */
  readonly rows: Int32Array;
  readonly vals: Float32Array;
  /** Padded to a multiple of 4 outputs with zeros. */
  readonly bias: Float32Array;
}

export function packMatrix(format: SparseFormat, weights: Float32Array, bias: Float32Array | null, inputs: number, outputs: number): PackedMatrix {
  const groups = Math.ceil(outputs / 4);
  const paddedBias = new Float32Array(groups * 4);
  if (bias !== null) paddedBias.set(bias);
  const at = (k: number, o: number) => (k < inputs && o < outputs ? weights[k * outputs + o]! : 0);
  const start: number[] = [0];
  const rows: number[] = [];
  const vals: number[] = [];
  switch (format) {
    case 'csr':
      for (let o = 0; o < outputs; o++) {
        for (let k = 0; k < inputs; k++) {
          const w = at(k, o);
          if (w !== 0) {
            rows.push(k);
            vals.push(w);
          }
        }
        // Rows padded to a multiple of 4 entries (zero weights at the row's last input): every row
        // then starts 16-byte aligned and the SIMD kernel at batch 1 never needs a scalar tail.
        while (rows.length % 4 !== 0) {
          rows.push(rows[rows.length - 1]!);
          vals.push(0);
        }
        start.push(rows.length);
      }
      break;
    case 'block1x4':
      for (let g = 0; g < groups; g++) {
        for (let k = 0; k < inputs; k++) {
          const block = [at(k, 4 * g), at(k, 4 * g + 1), at(k, 4 * g + 2), at(k, 4 * g + 3)];
          if (block.some((w) => w !== 0)) {
            rows.push(k);
            vals.push(...block);
          }
        }
        start.push(rows.length);
      }
      break;
    case 'block4x1':
      for (let o = 0; o < outputs; o++) {
        for (let k = 0; k < inputs; k += 4) {
          const block = [at(k, o), at(k + 1, o), at(k + 2, o), at(k + 3, o)];
          if (block.some((w) => w !== 0)) {
            rows.push(k);
            vals.push(...block);
          }
        }
        start.push(rows.length);
      }
      break;
    case 'dense': {
      const packed = new Float32Array(groups * inputs * 4);
      for (let g = 0; g < groups; g++) {
        for (let k = 0; k < inputs; k++) {
          for (let lane = 0; lane < 4; lane++) packed[(g * inputs + k) * 4 + lane] = at(k, 4 * g + lane);
        }
      }
      return { format, inputs, outputs, start: new Int32Array(0), rows: new Int32Array(0), vals: packed, bias: paddedBias };
    }
  }
  return { format, inputs, outputs, start: Int32Array.from(start), rows: Int32Array.from(rows), vals: Float32Array.from(vals), bias: paddedBias };
}

/** Fraction of exact zeros. */
export function sparsityOf(weights: Float32Array): number {
  let zeros = 0;
  for (const w of weights) if (w === 0) zeros++;
  return weights.length === 0 ? 0 : zeros / weights.length;
}

/**
 * Blocks pay off when nearly every weight they store is a real one: a block format is chosen when
 * its nonzero blocks hold at most this many times the nonzeros (fill >= 80%).
 */
const BLOCK_OVERHEAD = 1.25;

/** 'auto': dense below minSparsity, else the block shape that fits the zeros, else CSR. */
export function chooseFormat(weights: Float32Array, inputs: number, outputs: number, sparsity: number, minSparsity: number): SparseFormat {
  if (sparsity < minSparsity || sparsity === 0) return 'dense';
  const nonzeros = Math.round((1 - sparsity) * weights.length);
  let blocks1x4 = 0;
  let blocks4x1 = 0;
  for (let k = 0; k < inputs; k++) {
    for (let o = 0; o < outputs; o += 4) {
      let any = false;
      for (let lane = o; lane < Math.min(o + 4, outputs); lane++) any ||= weights[k * outputs + lane] !== 0;
      if (any) blocks1x4++;
    }
  }
  for (let o = 0; o < outputs; o++) {
    for (let k = 0; k < inputs; k += 4) {
      let any = false;
      for (let lane = k; lane < Math.min(k + 4, inputs); lane++) any ||= weights[lane * outputs + o] !== 0;
      if (any) blocks4x1++;
    }
  }
  if (blocks1x4 * 4 <= nonzeros * BLOCK_OVERHEAD && blocks1x4 <= blocks4x1) return 'block1x4';
  if (blocks4x1 * 4 <= nonzeros * BLOCK_OVERHEAD) return 'block4x1';
  return 'csr';
}
