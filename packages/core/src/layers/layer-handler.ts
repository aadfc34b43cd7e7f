import type { ChannelHandler } from '../channel-graph/channel-handler.js';
import type { MacRule } from './handlers/macs.js';
import type { PrunableWeightSpec } from './prunable-layer-spec.js';

/**
 * Everything pruning knows about one layer class, in one place (Torch-Pruning's per-type pruning
 * functions, TFMOT's `PrunableLayer`): which weights are prunable and where their units lie
 * (`weights`, `bias`); how channels flow through the layer, how it is resized and what folds into
 * it (`channels`); what one call costs (`macs`). Each part may be absent: a layer without
 * `weights` is never masked itself, a layer without `channels` leaves every channel touching it
 * unpruned, a layer with weights but no `macs` makes `countMacs` refuse rather than guess.
 */
export interface LayerHandler {
  /**
   * The prunable weights, by short name within the layer (`kernel`, not `dense_1/kernel`), each
   * with the axis of its output units when it has whole units (what "structured" needs).
   */
  readonly weights?: readonly PrunableWeightSpec[] | undefined;
  /**
   * Short name of the layer's bias, which is never a prunable weight of its own: its entries go
   * with their channels, as the channel handler's slices say. Defaults to `bias`.
   */
  readonly bias?: string | undefined;
  /** How the layer moves channels, for the channel graph, compaction and BN folding. */
  readonly channels?: ChannelHandler | undefined;
  /**
   * Multiply-accumulates of one call (`countMacs`, MAC budgets). Absent: a layer without weights
   * counts 0 (pooling, activations, merges), one with weights makes `countMacs` refuse to guess.
   */
  readonly macs?: MacRule | undefined;
}

/** Options of `registerLayer`. */
export interface RegisterLayerOptions {
  /**
   * Replace the handler of a class that already has one (a built-in, or one registered before).
   * Defaults to false: registering a class twice is an error, so two libraries cannot silently
   * overwrite each other's handler.
   */
  readonly override?: boolean | undefined;
}
