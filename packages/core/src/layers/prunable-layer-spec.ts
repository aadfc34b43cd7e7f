/**
 * What pruning needs to know about one layer class: which of its weights carry the connections
 * worth pruning and, for each, where its output units lie. Whether the "structured" granularity
 * applies to a weight follows from this alone: it applies exactly to weights with a `unitAxis`.
 */
export interface PrunableLayerSpec {
  /** The prunable weights, by their short name within the layer (`kernel`, not `dense_1/kernel`). */
  readonly weights: readonly PrunableWeightSpec[];
  /**
   * Short name of the layer's bias, which is never a prunable weight of its own: its entries go
   * with their channels (the channel handler's slices). Defaults to `bias`.
   */
  readonly bias?: string | undefined;
}

export interface PrunableWeightSpec {
  readonly name: string;
  /**
   * Axis of the weight's output units (neurons, filters): -1 for kernels laid out [..., units],
   * -2 for [..., units, inputs] (tfjs's Conv2DTranspose). Absent: the weight has no whole output
   * units (recurrent kernels interleave gates, embeddings have rows, depthwise kernels' channels
   * are not the layer's outputs), so only unstructured, block and n:m apply to it.
   */
  readonly unitAxis?: UnitAxis | undefined;
}

export type UnitAxis = -1 | -2;

export const unitAxes: readonly UnitAxis[] = [-1, -2];
