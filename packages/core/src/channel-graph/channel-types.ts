import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * What a slice does for its channel. `out`: the producer's kernel columns and bias entries that make
 * the channel; `param`: per-channel parameters on the way (BatchNormalization, DepthwiseConv2D,
 * PReLU); `in`: a consumer's kernel entries that read the channel.
 */
export type SliceRole = 'out' | 'param' | 'in';

/** The entries of one weight that belong to one channel: `indices` along `axis`. */
export interface ChannelSlice {
  /** Nested-model path of the layer, e.g. `encoder/conv_1`. */
  readonly layer: string;
  readonly layerClass: string;
  /** Short weight name: `kernel`, `bias`, `gamma`, `recurrent_kernel`, ... */
  readonly weight: string;
  /** The variable's full name (`LayerVariable.name`), unique in the model: the key of masks. */
  readonly variable: string;
  /** Position of the weight in `layer.weights`, the order `setWeights` expects. */
  readonly weightIndex: number;
  readonly shape: readonly number[];
  readonly axis: number;
  readonly indices: readonly number[];
  readonly role: SliceRole;
  /**
   * Whether group masks zero this slice. Moving statistics and PReLU slopes are removed with
   * their channel but never masked: once γ and β are zero they no longer matter.
   */
  readonly masked: boolean;
}

/** One consumer reading a channel: the positions of the channel on the consumer's input tensor. */
export interface ChannelUse {
  readonly layer: string;
  readonly tensor: string;
  readonly positions: readonly number[];
}

/** The minimal set of coupled slices that are removed together: one channel of a family. */
export interface ChannelGroup {
  /** `<family>#<index>`, stable for a given model. */
  readonly id: string;
  readonly family: string;
  /** Channel index inside the family, in the order of the first producer's units. */
  readonly index: number;
  readonly members: readonly ChannelSlice[];
  readonly uses: readonly ChannelUse[];
}

/**
 * Channels made by the same producers: one layer's units, or several layers' units tied together
 * by merges (`Add`, `Multiply`, ...). Layer-scope ranking happens within a family.
 */
export interface ChannelFamily {
  readonly name: string;
  readonly producers: readonly string[];
  /** The prunable channels only; skipped ones are counted in `ChannelGraph.skipped`. */
  readonly groups: readonly ChannelGroup[];
}

/** Channels of a family that the graph leaves alone, and why. */
export interface SkippedChannels {
  readonly family: string;
  readonly channels: number;
  readonly reasons: readonly string[];
}

/** One layer call (or, with `layer` undefined, a nested model's input or output alias) as walked. */
export interface TracedNode {
  readonly layer: tfl.layers.Layer | undefined;
  readonly path: string;
  readonly handler: string | undefined;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/** A symbolic tensor of the walk: its shape and, per position of its last axis, the group there. */
export interface TracedTensor {
  readonly key: string;
  readonly shape: readonly (number | null)[];
  /** Group id per channel position, or null where the channel is skipped. */
  readonly groups: readonly (string | null)[];
}

/**
 * The channel dependency graph of a LayersModel. `families`/`groups`/`skipped` are for pruning;
 * `trace` and `tensors` record the walk itself (layer calls in topological order) for compaction.
 */
export interface ChannelGraph {
  readonly families: readonly ChannelFamily[];
  readonly groups: readonly ChannelGroup[];
  readonly skipped: readonly SkippedChannels[];
  readonly trace: readonly TracedNode[];
  readonly tensors: ReadonlyMap<string, TracedTensor>;
  /** Keys of the model's own input tensors, which are never narrowed. */
  readonly modelInputs: readonly string[];
}
