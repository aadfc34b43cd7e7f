import type { PrunableWeight } from '../prunable-weights.js';
import { type Criterion, NonFiniteWeightError } from './criterion.js';

/**
 * LAMP (Lee et al. 2021, "Layer-adaptive Sparsity for the Magnitude-based Pruning"): w² divided
 * by the sum of w'² over the weights of the same tensor that are not smaller in magnitude (ties
 * included). Every tensor's largest weight scores 1 and the scores of one tensor fall in (0, 1],
 * so a `global` ranking compares tensors of any width without `normalize`: the paper's point is
 * that the layer-wise sparsities then come out of the ranking itself. In `layer` scope it ranks
 * exactly like magnitude (the score grows with |w| within a tensor).
 */
export const lamp: Criterion = {
  name: 'lamp',
  score(target: PrunableWeight, values: Float32Array): Float32Array {
    const squares = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (!Number.isFinite(v)) throw new NonFiniteWeightError(target, i, v);
      squares[i] = v * v;
    }
    const order = Array.from(squares.keys()).sort((a, b) => (squares[b] as number) - (squares[a] as number));
    const scores = new Float32Array(values.length);
    // Walk from the largest down; tied weights share one denominator that includes all of them.
    let tail = 0;
    for (let start = 0; start < order.length; ) {
      const square = squares[order[start] as number] as number;
      let end = start;
      while (end < order.length && squares[order[end] as number] === square) end++;
      tail += square * (end - start);
      // A tensor of zeros (or its pruned entries) scores 0, never 0/0.
      const score = square === 0 ? 0 : square / tail;
      for (let k = start; k < end; k++) scores[order[k] as number] = score;
      start = end;
    }
    return scores;
  },
};
