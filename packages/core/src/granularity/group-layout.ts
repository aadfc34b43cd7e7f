import * as tf from '@tensorflow/tfjs-core';

import { GranularityError } from '../errors/granularity-error.js';

/** How a group's score comes from its entries' scores (see {@link GroupLayout.reduce}). */
export const groupNorms = ['l1', 'l2', 'max', 'avg'] as const;
export type GroupNorm = (typeof groupNorms)[number];

type Triple = readonly [number, number, number];

/**
 * How the entries of a weight tensor fall into groups that are kept or pruned together. The
 * tensor is viewed as a 3-D array `view` = [P, A, B] (a reshape: flat order is unchanged) and cut
 * into tiles of `tile` = [tp, ta, tb], the tiles at the far edges being partial. Groups are
 * numbered row-major over the tile grid. Every granularity is one such tiling:
 *
 * - block r×c:            view [1, rows, cols],     tile [1, r, c]
 * - structured, units last: view [1, fanIn, units], tile [1, fanIn, 1]  (group g = unit g)
 * - n:m along the inputs: view [positions, in, out], tile [1, m, 1]
 */
export class GroupLayout {
  readonly grid: Triple;
  /** Number of groups. */
  readonly count: number;
  private index: Int32Array | undefined;

  constructor(
    readonly shape: readonly number[],
    readonly view: Triple,
    readonly tile: Triple,
  ) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (view[0] * view[1] * view[2] !== size) {
      throw new GranularityError(`view ${view.join('x')} does not hold a tensor of shape ${shape.join('x')}`, 'INVALID_GRANULARITY');
    }
    this.grid = [0, 1, 2].map((i) => Math.ceil(view[i]! / tile[i]!)) as unknown as Triple;
    this.count = this.grid[0] * this.grid[1] * this.grid[2];
  }

  /** The group of every entry, in the tensor's flat (row-major) order. */
  groupIndex(): Int32Array {
    if (this.index !== undefined) return this.index;
    const [P, A, B] = this.view;
    const [tp, ta, tb] = this.tile;
    const [, GA, GB] = this.grid;
    const index = new Int32Array(P * A * B);
    let i = 0;
    for (let p = 0; p < P; p++) {
      const gp = Math.floor(p / tp) * GA;
      for (let a = 0; a < A; a++) {
        const ga = (gp + Math.floor(a / ta)) * GB;
        for (let b = 0; b < B; b++) index[i++] = ga + Math.floor(b / tb);
      }
    }
    this.index = index;
    return index;
  }

  /** Weights in each group (edge groups may be smaller). */
  sizes(): Uint32Array {
    const sizes = new Uint32Array(this.count);
    for (const g of this.groupIndex()) sizes[g]!++;
    return sizes;
  }

  /**
   * One score per group from its entries' scores: l1 = Σ|s|, l2 = √Σs², max = max|s|,
   * avg = Σ|s| / (entries in the group), so a partial edge group competes on its mean rather
   * than losing for being small. For signed scores (movement) l1 and l2 both become the plain
   * sum, avg the plain mean, and max the largest score.
   */
  reduce(scores: Float32Array, norm: GroupNorm, signed = false): Float32Array {
    const index = this.groupIndex();
    const out = new Float32Array(this.count);
    if (norm === 'max') {
      out.fill(-Infinity);
      for (let i = 0; i < index.length; i++) {
        const s = signed ? (scores[i] as number) : Math.abs(scores[i] as number);
        const g = index[i] as number;
        if (s > (out[g] as number)) out[g] = s;
      }
      return out;
    }
    const sums = new Float64Array(this.count);
    for (let i = 0; i < index.length; i++) {
      const s = scores[i] as number;
      sums[index[i] as number]! += signed ? s : norm === 'l2' ? s * s : Math.abs(s);
    }
    const sizes = norm === 'avg' ? this.sizes() : undefined;
    for (let g = 0; g < this.count; g++) {
      const sum = sums[g]!;
      if (sizes !== undefined) out[g] = sizes[g] === 0 ? 0 : sum / sizes[g]!;
      else out[g] = !signed && norm === 'l2' ? Math.sqrt(sum) : sum;
    }
    return out;
  }

  /** Entry keep-mask from a group keep-mask. */
  expand(groupKeep: Uint8Array): Uint8Array {
    const index = this.groupIndex();
    const keep = new Uint8Array(index.length);
    for (let i = 0; i < index.length; i++) keep[i] = groupKeep[index[i] as number] as number;
    return keep;
  }

  /** Group keep-mask from an entry keep-mask: a group is kept while any of its entries is. */
  groupKeep(keep: Uint8Array): Uint8Array {
    const index = this.groupIndex();
    const groups = new Uint8Array(this.count);
    for (let i = 0; i < index.length; i++) if (keep[i] !== 0) groups[index[i] as number] = 1;
    return groups;
  }

  /**
   * Group soft-threshold on the device: every group g ← g · max(0, 1 − threshold / ‖g‖₂) (the
   * proximal step of the group lasso). Call inside `tf.tidy`. The view is zero-padded to whole
   * tiles and reshaped to [GP, tp, GA, ta, GB, tb] with size-1 axes dropped (rank ≤ 4 for every
   * built-in granularity, which every backend handles), so there are no gathers.
   */
  shrink(weights: tf.Tensor, threshold: number): tf.Tensor {
    const [P, A, B] = this.view;
    const [tp, ta, tb] = this.tile;
    const [GP, GA, GB] = this.grid;
    let x = tf.reshape(weights, [P, A, B]);
    const padded = [GP * tp, GA * ta, GB * tb];
    if (padded[0] !== P || padded[1] !== A || padded[2] !== B) {
      x = tf.pad(x, [[0, padded[0]! - P], [0, padded[1]! - A], [0, padded[2]! - B]]);
    }
    const dims = [GP, tp, GA, ta, GB, tb];
    const shape: number[] = [];
    const axes: number[] = [];
    dims.forEach((d, i) => {
      if (d === 1) return;
      if (i % 2 === 1) axes.push(shape.length);
      shape.push(d);
    });
    const tiled = tf.reshape(x, shape.length === 0 ? [1] : shape);
    const norms = axes.length === 0 ? tf.abs(tiled) : tf.sqrt(tf.sum(tf.square(tiled), axes, true));
    // max(0, ‖g‖ − t) / max(‖g‖, t) is max(0, 1 − t/‖g‖) without dividing by a zero norm, which
    // webgl turns into NaN (cpu and wasm into 0).
    const t = tf.scalar(threshold);
    const factor = tf.div(tf.relu(tf.sub(norms, t)), tf.maximum(norms, t));
    let y = tf.reshape(tf.mul(tiled, factor), padded);
    if (padded[0] !== P || padded[1] !== A || padded[2] !== B) y = tf.slice(y, [0, 0, 0], [P, A, B]);
    return tf.reshape(y, [...this.shape]);
  }
}
