import type * as tfl from '@tensorflow/tfjs-layers';

import { lenet300100 } from '../lenet-300-100.js';
import { lenet5 } from '../lenet-5.js';

/** The two models every benchmark compares: an MLP and a small CNN. */
export const MODELS = {
  'lenet-300-100': { label: 'LeNet-300-100 (MLP)', create: lenet300100, flatten: true },
  'lenet-5': { label: 'LeNet-5 (CNN)', create: lenet5, flatten: false },
} as const satisfies Record<string, { label: string; create: (seed: number) => tfl.LayersModel; flatten: boolean }>;

export type ModelName = keyof typeof MODELS;
export const MODEL_NAMES = Object.keys(MODELS) as ModelName[];

/** Disposes a model and the optimizer it was compiled with (models only dispose optimizers they created). */
export function disposeModel(model: tfl.LayersModel): void {
  model.optimizer?.dispose();
  model.dispose();
}
