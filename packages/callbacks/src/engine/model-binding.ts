import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { findPrunableWeights, type GradientMap, MaskStore, OptimizerHook } from '@tfjs-prune/core';

import type { PreparedConfig } from '../config/prepare-config.js';
import { PruningEngineError } from '../errors/pruning-engine-error.js';
import { bindPruners } from './bind-pruners.js';
import { budgetOf } from './budget-binding.js';
import { claim } from './ownership.js';
import { type ActivePruner, activate } from './runtime-pruner.js';
import { learningRateFor } from './step-work.js';
import { assertOurTfjs } from './tfjs-copies.js';

/** An engine's hold on one model: its pruners, their masks, and the hook on its optimizer. */
export interface Binding {
  readonly model: tfl.LayersModel;
  readonly pruners: readonly ActivePruner[];
  readonly store: MaskStore;
  readonly hook: OptimizerHook;
}

/** What the optimizer hook calls around every step. */
export interface StepHandlers {
  before(gradients: GradientMap): void;
  after(): void;
}

/**
 * Binds the prepared config to `model` and starts enforcing masks after every optimizer step.
 * Everything that can refuse (another tfjs copy, a selector that matches nothing, a missing
 * learning rate, a model pruned by someone else) refuses before any tensor is allocated.
 */
export function bindModel(owner: object, model: tfl.LayersModel, prepared: PreparedConfig, source: string, handlers: StepHandlers): Binding {
  assertOurTfjs(model);
  const configs = prepared.resolved.pruners;
  const bound = bindPruners(model, configs, source);
  const optimizer = model.optimizer as tf.Optimizer | undefined | null;
  const regularized = configs.find((c) => c.regularization !== null);
  if (optimizer !== undefined && optimizer !== null && regularized?.regularization) {
    learningRateFor(optimizer, regularized.name, regularized.regularization.type);
  }
  claim(owner, model, bound);
  const pruners = bound.map((b) => activate(b, configs[b.index]!, prepared.schedules[b.index]!, budgetOf(model, prepared.resolved, configs[b.index]!)));
  const store = new MaskStore(pruners.flatMap((p) => p.targets));
  for (const p of pruners) if (p.rewind?.capturesAtAttach === true) p.snapshot?.capture();
  const hook = hookFor(model, handlers);
  hook.attach();
  return { model, pruners, store, hook };
}

/**
 * `model` is another object than the bound one: fine if it holds the same weights. A
 * `Sequential` trains through a functional model it wraps (and rebuilds at every compile),
 * which is what `fit` hands its callbacks; `attach(sequential)` followed by `fit` must keep
 * working. The hook moves to the Sequential when it shows up: its `compile` is what users call.
 */
export function followModel(binding: Binding, model: tfl.LayersModel, handlers: StepHandlers): Binding {
  if (binding.model === model) return binding;
  assertOurTfjs(model);
  const weights = (m: tfl.LayersModel) => findPrunableWeights(m).map((t) => t.variable);
  const mine = weights(binding.model);
  const theirs = model instanceof tfl.LayersModel ? weights(model) : [];
  if (mine.length !== theirs.length || mine.some((v, i) => v !== theirs[i])) {
    throw new PruningEngineError(
      'OTHER_MODEL',
      `this PruningCallback is bound to model "${binding.model.name}" and cannot prune "${model.name}" too: ` +
        'create one PruningCallback per model',
    );
  }
  if (!(model instanceof tfl.Sequential) || binding.model instanceof tfl.Sequential) return binding;
  binding.hook.detach();
  const hook = hookFor(model, handlers);
  hook.attach();
  return { ...binding, model, hook };
}

function hookFor(model: tfl.LayersModel, handlers: StepHandlers): OptimizerHook {
  return new OptimizerHook(
    model,
    () => handlers.after(),
    (gradients) => handlers.before(gradients),
  );
}
