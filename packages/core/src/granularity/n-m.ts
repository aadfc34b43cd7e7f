import { GranularityError } from '../errors/granularity-error.js';
import type { PrunableWeight } from '../prunable-weights.js';
import { GroupLayout } from './group-layout.js';
import type { Granularity } from './granularity.js';

/**
 * n:m semi-structured sparsity: at most `n` nonzeros in every `m` consecutive weights along the
 * input axis (Dense: for each output unit, consecutive input rows; conv: consecutive input
 * channels for each kernel position and filter), the `n` best-scored kept. A trailing partial
 * group keeps min(n, its size). 2:4 is what sparse tensor cores accelerate (Mishra et al. 2021).
 * The sparsity is 1 − n/m by construction: the schedule only says when.
 */
export function nOfM(n: number, m: number): Granularity {
  if (!(Number.isInteger(n) && Number.isInteger(m) && n >= 1 && n < m)) {
    throw new GranularityError(`n:m needs integers 1 <= n < m (got ${n}:${m})`, 'INVALID_GRANULARITY');
  }
  return {
    name: `${n}:${m}`,
    layout: (target) => inputGroups(target, m),
    norm: 'l1',
    counts: 'weights',
    needsUnits: false,
    selectWithinGroups: (scores, layout, previous) => keepBestInGroups(scores, layout, n, previous),
  };
}

/** Groups of m consecutive entries along the input axis (-2, or -1 for Conv2DTranspose kernels). */
function inputGroups(target: PrunableWeight, m: number): GroupLayout {
  const { shape, size } = target;
  const inputLast = target.units?.axis === -2;
  const inputs = (shape.length < 2 ? 1 : shape[shape.length - (inputLast ? 1 : 2)]) as number;
  const after = inputLast || shape.length < 2 ? 1 : (shape[shape.length - 1] as number);
  const before = inputs * after === 0 ? 0 : size / (inputs * after);
  return new GroupLayout(shape, [before, inputs, after], [1, m, 1]);
}

/**
 * Keeps the n highest scores of each group (ties: the later entry, as pruneLowest prunes the
 * earlier). Entries pruned before (previous = 0) are never kept, so masks only lose entries.
 */
function keepBestInGroups(scores: Float32Array, layout: GroupLayout, n: number, previous: Uint8Array | undefined): Uint8Array {
  const [P, A, B] = layout.view;
  const m = layout.tile[1];
  const keep = new Uint8Array(scores.length);
  // Insertion sort into a reused buffer: groups hold at most m ≤ 64 entries, and a mask update
  // over millions of weights must not allocate per group.
  const members = new Int32Array(m);
  for (let p = 0; p < P; p++) {
    for (let a0 = 0; a0 < A; a0 += m) {
      const end = Math.min(A, a0 + m);
      for (let b = 0; b < B; b++) {
        let count = 0;
        for (let a = a0; a < end; a++) {
          const i = (p * A + a) * B + b;
          if (previous !== undefined && previous[i] === 0) continue;
          // Highest score first; among equals the later index first (it was visited last).
          const s = scores[i] as number;
          let j = count++;
          while (j > 0 && (scores[members[j - 1] as number] as number) <= s) {
            members[j] = members[j - 1] as number;
            j--;
          }
          members[j] = i;
        }
        for (let k = 0; k < Math.min(n, count); k++) keep[members[k] as number] = 1;
      }
    }
  }
  return keep;
}
