import type * as tfl from '@tensorflow/tfjs-layers';

import type { SliceRole } from './channel-types.js';

/** Channel ids along the last axis of one tensor, one per position. */
export type ChannelRow = readonly number[];

/** One call of a layer, as a handler sees it. */
export interface LayerCall {
  readonly layer: tfl.layers.Layer;
  readonly path: string;
  readonly inputs: readonly ChannelRow[];
  readonly inputShapes: readonly (readonly (number | null)[])[];
  readonly outputShapes: readonly (readonly (number | null)[])[];
}

/** A slice named by short weight name; a missing weight (no bias) is ignored. */
export interface SliceSpec {
  readonly weight: string;
  /** Negative axes count from the end, as in numpy. */
  readonly axis: number;
  readonly indices: readonly number[];
  /** Defaults to true. */
  readonly masked?: boolean;
}

/** What a handler may do to the graph while it traces one call. */
export interface ChannelTracer {
  /** New channels made by this layer (its output units). */
  fresh(count: number): number[];
  /**
   * Registers, for each distinct channel in `row`, the slices `slicesAt(positions)` returns for
   * the positions where that channel sits. With `input` set, the slices are a consumer's reading of
   * input tensor `input`, recorded as a use of the channel.
   */
  attach(row: ChannelRow, role: SliceRole, slicesAt: (positions: number[]) => SliceSpec[], input?: number): void;
  /** Makes position i of `a` and of `b` one channel: they are removed together. */
  unite(a: ChannelRow, b: ChannelRow): void;
  /** Leaves these channels unpruned, for `reason`. */
  block(row: ChannelRow, reason: string): void;
}

export interface Unsupported {
  readonly unsupported: string;
}

/** Config rewriting for compaction: the layer's output now has `outChannels` channels. */
export type ResizeConfig = (config: Record<string, unknown>, outChannels: number) => void;

/** Read access to a layer's current weight values, by short name. */
export type WeightReader = (weight: string) => { readonly values: Float32Array; readonly shape: readonly number[] } | undefined;

/**
 * How one layer class moves channels, in the spirit of Torch-Pruning's per-type pruning functions:
 * `trace` maps input channels to output channels and names the weight slices of each. The walker
 * only asks this table; it knows no layer class itself.
 */
export interface ChannelHandler {
  /**
   * `producer`: makes new channels from its input (its output does not depend on input channels
   * one by one). `channelwise`: output channel i depends only on input channel i of each input
   * (activations, pooling, BN, merges, concatenation, flatten), so compaction can evaluate it on
   * constants.
   */
  readonly kind: 'producer' | 'channelwise';
  trace(call: LayerCall, tracer: ChannelTracer): ChannelRow[] | Unsupported;
  readonly resize?: ResizeConfig;
  /**
   * Producers: per output channel, the value it has for every input when its input weights are all
   * zero (the activation of the bias), or null when that does not hold.
   */
  constantOutputs?(layer: tfl.layers.Layer, read: WeightReader, channels: number): (number | null)[];
  /**
   * Consumers whose bias can absorb a constant input exactly: the kernel reading the input and the
   * bias it adds to; or a reason why not.
   */
  foldInto?(layer: tfl.layers.Layer): { readonly kernel: string; readonly bias: string } | Unsupported;
  /**
   * Layers a following BatchNormalization can be merged into (compaction's `foldBatchNorm`): where
   * the kernel its per-channel scale multiplies lives, and which output channel each flat kernel
   * entry feeds. Absent: a BN after this layer stays. The bias is the weight named `bias`.
   */
  readonly batchNormFold?: BatchNormFoldSpec;
}

export interface BatchNormFoldSpec {
  readonly kernel: string;
  /** For a kernel of `shape`: the output channel of flat entry `flat`. */
  readonly outputChannelOf: (shape: readonly number[]) => (flat: number) => number;
}

/** Output channel of a kernel laid out [..., channels]. */
export function lastAxisChannel(shape: readonly number[]): (flat: number) => number {
  const channels = shape[shape.length - 1] ?? 1;
  return (flat) => flat % channels;
}

export function isUnsupported(value: unknown): value is Unsupported {
  return typeof value === 'object' && value !== null && 'unsupported' in value;
}

/** The last axis length of a shape (channels-last), or null when unknown. */
export function channelsOf(shape: readonly (number | null)[] | undefined): number | null {
  if (!shape || shape.length < 2) return null;
  return shape[shape.length - 1] ?? null;
}

export function range(start: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + i);
}
