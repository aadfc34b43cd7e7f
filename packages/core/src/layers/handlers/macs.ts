import { CountMacsError } from '../../errors/count-macs-error.js';

/** Shapes of one call of a layer, batch dimension included (`null`). */
export type MacShape = readonly (number | null)[];

/** What a MAC rule sees of one call: weight sizes by short name, shapes, the data format. */
export interface MacCall {
  readonly sizes: Readonly<Record<string, number>>;
  readonly input: MacShape;
  readonly output: MacShape;
  readonly channelsFirst: boolean;
  /** The layer's path, for errors. */
  readonly layer: string;
}

/**
 * Multiply-accumulates of one call for one example. A kernel entry is one multiply-accumulate
 * for each output position it is applied at (each input position for a transposed convolution,
 * which scatters); biases are additions, not counted.
 */
export type MacRule = (call: MacCall) => number;

export function product(dims: MacShape, layer: string): number {
  let result = 1;
  for (const d of dims) {
    if (d === null) {
      throw new CountMacsError('MACS_UNKNOWN_SHAPE', `countMacs: layer "${layer}" has a dimension that is not fixed (null); give the model's input a full shape`);
    }
    result *= d;
  }
  return result;
}

/** A layer's spatial positions: every dimension but batch and channels. */
export function positions(shape: MacShape, call: MacCall): number {
  return product(call.channelsFirst ? shape.slice(2) : shape.slice(1, -1), call.layer);
}

/** Weights that are not multiplied with activations (lookups, per-channel scale and shift): 0. */
export const noMacs: MacRule = () => 0;
