import * as tf from '@tensorflow/tfjs-core';
import { type MaskStore, type MaskUpdateOptions, type PrunableWeight, type TargetMaskUpdate, updateMasks } from '@tfjs-prune/core';

/** One pruner's share of a mask update. */
export interface MaskUpdateRequest {
  readonly targets: readonly PrunableWeight[];
  readonly options: MaskUpdateOptions;
}

/**
 * Every mask update of one epoch, all or nothing: if any of them throws (a NaN score, a
 * granularity that does not fit), the masks and weights of every pruner are left exactly as
 * they were, the way torch's `prune` rolls back a failed `compute_mask`.
 *
 * The one place the engine changes masks. Until core offers `planMaskUpdate` (computes, writes
 * nothing) and `commitMaskPlans`, it runs the updates in turn and restores a copy on failure;
 * with them, this body becomes: plan every request, then commit the plans.
 */
export function updateMasksTogether(store: MaskStore, requests: readonly MaskUpdateRequest[]): TargetMaskUpdate[][] {
  if (requests.length === 0) return [];
  const masks = store.stateTensors();
  const variables = requests.flatMap((r) => r.targets.flatMap((t) => (t.units?.bias === undefined ? [t.variable] : [t.variable, t.units.bias])));
  const weights = variables.map((v) => tf.clone(v));
  try {
    return requests.map((r) => updateMasks(store, r.targets, r.options));
  } catch (error) {
    variables.forEach((v, i) => v.assign(weights[i] as tf.Tensor));
    store.restoreState(masks);
    throw error;
  } finally {
    tf.dispose(weights);
    tf.dispose([...masks.values()]);
  }
}
