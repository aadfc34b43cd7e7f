import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { PruningEngineError } from '../errors/pruning-engine-error.js';
import type { BoundPruner } from './bind-pruners.js';

/**
 * Which live engine masks each weight. Two engines on one model would each enforce their
 * masks and fight over the weights; keyed by variable, so a Sequential and the model it wraps
 * count as one model.
 */
const owners = new WeakMap<tf.Variable, object>();

export function claim(owner: object, model: tfl.LayersModel, pruners: readonly BoundPruner[]): void {
  const variables = pruners.flatMap((p) => p.targets.map((t) => t.variable));
  if (variables.some((v) => owners.has(v) && owners.get(v) !== owner)) {
    throw new PruningEngineError(
      'ALREADY_PRUNED',
      `model "${model.name}" is already pruned by another PruningCallback; use one callback with several pruners, or strip() the other first`,
    );
  }
  for (const v of variables) owners.set(v, owner);
}

export function release(owner: object, pruners: readonly BoundPruner[]): void {
  for (const p of pruners) for (const t of p.targets) if (owners.get(t.variable) === owner) owners.delete(t.variable);
}
