import type * as tf from '@tensorflow/tfjs-core';

import { PruningStateError } from './errors/pruning-state-error.js';
import type { PrunableWeight } from './prunable-weights.js';

/**
 * Keys of checkpointed pruning state: `<kind>/<layer path>/<weight>`, e.g. `mask/hidden1/kernel`,
 * `acc/hidden1/kernel`, `rewind/hidden1/kernel`. Stable across runs: they depend only on layer names.
 */
export type StateKind = 'mask' | 'acc' | 'rewind';

export function stateKey(kind: StateKind, target: PrunableWeight): string {
  return `${kind}/${target.path}/${target.weight}`;
}

/** The tensor under `key`, checked against the shape it must have; a clear error otherwise. */
export function stateTensor(
  tensors: ReadonlyMap<string, tf.Tensor>,
  key: string,
  shape: readonly number[],
): tf.Tensor | undefined {
  const tensor = tensors.get(key);
  if (tensor === undefined) return undefined;
  if (tensor.shape.length !== shape.length || tensor.shape.some((d, i) => d !== shape[i])) {
    throw new PruningStateError(
      'STATE_SHAPE_MISMATCH',
      `pruning state "${key}" has shape [${tensor.shape.join(', ')}], the model's weight has [${shape.join(', ')}]: ` +
        'the state was saved from a different model',
    );
  }
  return tensor;
}
