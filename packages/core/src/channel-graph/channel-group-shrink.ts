import * as tf from '@tensorflow/tfjs-core';

import type { PrunableWeight } from '../prunable-weights.js';
import type { ChannelTargets } from './channel-targets.js';

/** Where one group's entries sit: a position along one axis of one weight. */
interface Entry {
  readonly weight: number;
  readonly axis: number;
  readonly index: number;
}

/** A weight the step touches, and along which axes it holds groups' slices. */
interface ShrunkWeight {
  readonly target: PrunableWeight;
  /** Per axis (in first-seen order): the other axes, summed away for one sum of squares per position. */
  readonly rows: { readonly axis: number; readonly reduce: number[]; offset: number }[];
  /** One factor per position along `axis`, looked up by group number: several when groups overlap on an axis. */
  readonly factors: { readonly groupOf: tf.Tensor1D; readonly shape: number[] }[];
}

/**
 * The group-lasso proximal step over whole channel groups (Yuan & Lin 2006), for `group-l1`
 * with a structured pruner: for every group the pruner can remove,
 *
 *   g ← g · max(0, 1 − ηλ/‖g‖₂)
 *
 * where g concatenates the group's masked member slices: the producers' kernel columns and
 * bias entries, BatchNormalization γ and β, depthwise filters and every consumer's input rows.
 * A channel regularized to zero is then zero everywhere the pruner would cut, not just in the
 * producer's kernel. Members that are not masked (moving mean and variance) are left alone, and
 * so are frozen weights: no optimizer step moves them, so regularization does not either; they
 * count neither in ‖g‖₂ nor in the shrink.
 *
 * A weight sliced along two axes (a conv kernel: its output axis in its own family, its input
 * axis in its producer's) gets both groups' factors, both computed from the weights before the
 * step: an approximation of applying the two proximal steps one after the other.
 *
 * Runs on the device with ops every backend has (square, sum, concat, gather, sqrt, relu, div,
 * maximum, mul): the index tensors are built once here, and {@link dispose} frees them.
 */
export class ChannelGroupShrink {
  /** Groups with at least one entry to shrink. */
  readonly groupCount: number;
  private readonly weights: ShrunkWeight[] = [];
  /**
   * Group norms come from one gather per bucket of groups with up to `width` entries (a power of
   * two), padded with the index of a trailing zero: at most twice the entries are gathered.
   */
  private readonly buckets: tf.Tensor2D[] = [];
  private disposed = false;

  constructor(channels: ChannelTargets) {
    const byWeight = new Map<string, number>();
    const groups: Entry[][] = [];
    for (const family of channels.families) {
      for (const group of family.groups) {
        const entries = new Map<string, Entry>();
        for (const member of group.members) {
          const target = channels.byVariable.get(member.variable);
          if (!member.masked || target === undefined || target.frozen === true) continue;
          let weight = byWeight.get(member.variable);
          if (weight === undefined) {
            weight = this.weights.length;
            byWeight.set(member.variable, weight);
            this.weights.push({ target, rows: [], factors: [] });
          }
          const rows = this.weights[weight]!.rows;
          if (!rows.some((r) => r.axis === member.axis)) {
            rows.push({ axis: member.axis, reduce: target.shape.map((_, a) => a).filter((a) => a !== member.axis), offset: 0 });
          }
          for (const index of member.indices) entries.set(`${weight}/${member.axis}/${index}`, { weight, axis: member.axis, index });
        }
        if (entries.size > 0) groups.push([...entries.values()]);
      }
    }
    this.groupCount = groups.length;
    let sums = 0;
    for (const w of this.weights) {
      for (const row of w.rows) {
        row.offset = sums;
        sums += w.target.shape[row.axis]!;
      }
    }
    // Groups renumbered bucket by bucket, so the buckets' norms concatenate in group order.
    const widthOf = (entries: readonly Entry[]) => 2 ** Math.ceil(Math.log2(entries.length));
    const ordered = groups.map((entries) => ({ entries, width: widthOf(entries) })).sort((a, b) => a.width - b.width);
    const offsetOf = (e: Entry) => this.weights[e.weight]!.rows.find((r) => r.axis === e.axis)!.offset + e.index;
    for (let start = 0; start < ordered.length; ) {
      const width = ordered[start]!.width;
      let end = start;
      while (end < ordered.length && ordered[end]!.width === width) end++;
      const index = new Int32Array((end - start) * width).fill(sums);
      for (let g = start; g < end; g++) {
        ordered[g]!.entries.forEach((e, k) => {
          index[(g - start) * width + k] = offsetOf(e);
        });
      }
      this.buckets.push(tf.tensor2d(index, [end - start, width], 'int32'));
      start = end;
    }
    // Factor lookups: position → group number, `groupCount` (a factor of 1) where no group is.
    const none = this.groupCount;
    const maps = new Map<string, Int32Array[]>();
    ordered.forEach(({ entries }, g) => {
      for (const e of entries) {
        const key = `${e.weight}/${e.axis}`;
        const layers = maps.get(key) ?? [];
        maps.set(key, layers);
        let map = layers.find((m) => m[e.index] === none || m[e.index] === g);
        if (map === undefined) {
          map = new Int32Array(this.weights[e.weight]!.target.shape[e.axis]!).fill(none);
          layers.push(map);
        }
        map[e.index] = g;
      }
    });
    this.weights.forEach((w, i) => {
      for (const { axis } of w.rows) {
        const shape = w.target.shape.map((d, a) => (a === axis ? d : 1));
        for (const map of maps.get(`${i}/${axis}`) ?? []) w.factors.push({ groupOf: tf.tensor1d(map, 'int32'), shape });
      }
    });
  }

  /** One proximal step with threshold ηλ. Does nothing once disposed or once the model is. */
  step(threshold: number): void {
    if (this.disposed || this.groupCount === 0 || !(threshold > 0)) return;
    if (this.weights.some((w) => w.target.variable.isDisposed)) return;
    tf.tidy(() => {
      const rows: tf.Tensor[] = [];
      for (const { target, rows: axes } of this.weights) {
        const squares = tf.square(target.variable);
        for (const { reduce } of axes) rows.push(reduce.length === 0 ? squares : tf.sum(squares, reduce));
      }
      rows.push(tf.zeros([1]));
      const sums = tf.concat(rows);
      const squaredNorms = tf.concat(this.buckets.map((b) => tf.sum(tf.gather(sums, b), 1)));
      // max(0, 1 − ηλ/‖g‖) as max(0, ‖g‖ − ηλ) / max(‖g‖, ηλ): the same factor, but never a
      // division by zero (a zero group's 1 − ηλ/0 is NaN, not 0, on webgl).
      const norms = tf.sqrt(squaredNorms);
      const t = tf.scalar(threshold);
      const factors = tf.div(tf.relu(tf.sub(norms, t)), tf.maximum(norms, t));
      const lookup = tf.concat([factors, tf.ones([1])]);
      for (const { target, factors: axes } of this.weights) {
        // Assigning a variable to itself would release its own data.
        if (axes.length === 0) continue;
        let shrunk: tf.Tensor = target.variable;
        for (const { groupOf, shape } of axes) shrunk = tf.mul(shrunk, tf.reshape(tf.gather(lookup, groupOf), shape));
        target.variable.assign(shrunk);
      }
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([...this.buckets, ...this.weights.flatMap((w) => w.factors.map((f) => f.groupOf))]);
  }
}
