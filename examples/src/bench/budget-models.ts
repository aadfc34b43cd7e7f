import type * as tfl from '@tensorflow/tfjs-layers';

import type { BudgetConfig, LayerSelector } from '@tfjs-prune/schedules';

import { lenet300100 } from '../lenet-300-100.js';
import { mobilenetMnist } from '../models/mobilenet-mnist.js';
import { resnetMnist } from '../models/resnet-mnist.js';

/** A model the budget benchmarks train: its builder, whether it takes flat input, and the layers a target prunes. */
export interface BudgetModel {
  readonly build: (seed: number) => tfl.LayersModel;
  readonly flatten: boolean;
  readonly layers: LayerSelector;
}

/** The MLP of the demo and the two benchmark CNNs of `bench:compact`; the output layer is never pruned (its units are the classes). */
export const BUDGET_MODELS = {
  lenet: { build: (seed) => lenet300100(seed), flatten: true, layers: { include: ['hidden*'] } },
  resnet: { build: (seed) => resnetMnist(seed), flatten: false, layers: { classes: ['Conv2D', 'Dense'], exclude: ['logits'] } },
  mobilenet: { build: (seed) => mobilenetMnist(seed), flatten: false, layers: { classes: ['Conv2D', 'Dense'], exclude: ['logits'] } },
} satisfies Record<string, BudgetModel>;

export type BudgetModelName = keyof typeof BUDGET_MODELS;
export const BUDGET_MODEL_NAMES = Object.keys(BUDGET_MODELS) as BudgetModelName[];

/**
 * The config a user writes for "keep `keep` of the MACs": one structured pruner over the model's
 * layers, magnitude with the l2 norm, a polynomial decay on `targetSchedule` (as `bench:compact`
 * prunes by hand).
 */
export function macTargetConfig(name: BudgetModelName, keep: number, epochs: number): BudgetConfig {
  const { layers }: BudgetModel = BUDGET_MODELS[name];
  return {
    target: { macs: keep },
    pruners: [
      {
        name: 'channels',
        layers: structuredClone(layers),
        criterion: 'magnitude',
        granularity: { type: 'structured', norm: 'l2' },
        schedule: { type: 'polynomial-decay', ...targetSchedule(epochs) },
      },
    ],
  };
}

/** Masks grow from epoch 0 to the one before last: the last epoch fine-tunes with the final channels. */
export function targetSchedule(epochs: number): { startEpoch: number; endEpoch: number } {
  if (epochs < 2) throw new RangeError(`pruning during fit needs at least 2 epochs (got ${epochs})`);
  return { startEpoch: 0, endEpoch: Math.max(1, epochs - 2) };
}
