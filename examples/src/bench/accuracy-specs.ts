import type { ScheduleSpec } from '@tfjs-prune/schedules';

import { CRITERIA, type CriterionName } from './criteria.js';
import { MODEL_NAMES, type ModelName } from './models.js';

/**
 * The accuracy protocol, as plain data so it can be listed, tested and plotted without training:
 * every run of a model has the same epochs, data, batch order and initial weights; only the
 * pruning differs. All schedules finish pruning at the start of epoch 6 of 10 (0-based), which
 * leaves 4 epochs of fine-tuning at the final sparsity.
 */
export const ACCURACY_EPOCHS = 10;
export const SPARSITIES = [0.5, 0.8, 0.9, 0.95];
export const SCHEDULE_KINDS = ['one-shot', 'iterative', 'polynomial-decay'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];
/** Criteria are compared at this sparsity, with the polynomial-decay schedule. */
export const CRITERIA_SPARSITY = 0.9;
export const SEED = 1;
export const BATCH_SIZE = 64;

/** Digits per model (the mnist package holds 10,000; the same split for both models). */
export const DATA_SIZES: Record<ModelName, { trainSize: number; testSize: number }> = {
  'lenet-300-100': { trainSize: 8000, testSize: 2000 },
  'lenet-5': { trainSize: 8000, testSize: 2000 },
};

/** First update at epoch ≥ 1 in all three, so gradient-based criteria have gradients to score with. */
export function scheduleFor(kind: ScheduleKind, sparsity: number): ScheduleSpec {
  switch (kind) {
    case 'one-shot':
      return { type: 'one-shot', sparsity, epoch: 6 };
    case 'iterative':
      return { type: 'iterative', finalSparsity: sparsity, rounds: 3, startEpoch: 2, epochsPerRound: 2 };
    case 'polynomial-decay':
      return { type: 'polynomial-decay', finalSparsity: sparsity, startEpoch: 1, endEpoch: 6 };
  }
}

/** One pruner over every prunable kernel, one global ranking (small layers such as conv1 keep more). */
export function pruningConfigFor(kind: ScheduleKind, sparsity: number, criterion: CriterionName): unknown {
  return { pruners: [{ name: 'all', criterion, scope: 'global', schedule: scheduleFor(kind, sparsity) }] };
}

export interface AccuracyRunSpec {
  /** Unique, readable: `lenet-5/polynomial-decay/0.9/taylor`. */
  readonly id: string;
  readonly model: ModelName;
  readonly schedule: ScheduleKind | 'dense';
  readonly sparsity: number;
  readonly criterion: CriterionName;
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly trainSize: number;
  readonly testSize: number;
}

/** Dense, every schedule × sparsity with magnitude, then every other criterion at 90%; per model. */
export function accuracyRuns(models: readonly ModelName[] = MODEL_NAMES): AccuracyRunSpec[] {
  const runs: AccuracyRunSpec[] = [];
  for (const model of models) {
    const base = { model, epochs: ACCURACY_EPOCHS, batchSize: BATCH_SIZE, seed: SEED, ...DATA_SIZES[model] };
    const add = (schedule: ScheduleKind | 'dense', sparsity: number, criterion: CriterionName) =>
      runs.push({ ...base, id: `${model}/${schedule}/${sparsity}/${criterion}`, schedule, sparsity, criterion });
    add('dense', 0, 'magnitude');
    for (const kind of SCHEDULE_KINDS) for (const s of SPARSITIES) add(kind, s, 'magnitude');
    for (const c of CRITERIA) if (c !== 'magnitude') add('polynomial-decay', CRITERIA_SPARSITY, c);
  }
  return runs;
}
