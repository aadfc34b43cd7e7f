import { existsSync } from 'node:fs';
import path from 'node:path';

import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { checkpointDirectory, describeShortfall, fitProgress, loadCheckpoint, PruningCallback } from '../adapters/callbacks.js';
import { exportModel, formatExportReport, formatPercent } from '../adapters/core.js';
import { type PruningConfigInput, readConfigFile } from '../adapters/schedules.js';
import type { CommandContext } from '../command-context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { loadLabelledData } from '../labelled-data.js';
import { loadSavedModel } from '../load-model.js';
import { toModelTensors } from '../to-model-tensors.js';
import { useBackend } from '../use-backend.js';

export interface PruneOptions {
  config: string;
  data: string;
  epochs: number;
  out: string;
  checkpoint?: string;
  batchSize: number;
  learningRate: number;
  label?: string;
  trainSize?: number;
  backend?: string;
  quantize?: 'float16' | 'uint8';
  /** Exit 3 without exporting when a schedule did not reach its final sparsity. */
  strict?: boolean;
}

/** Checkpoint directories mark a complete checkpoint with this file (see callbacks' checkpoint format). */
const LATEST_CHECKPOINT = 'latest.json';

/**
 * Fine-tunes a saved classifier with pruning and exports the result. With --checkpoint, every
 * epoch is checkpointed, and running the same command again resumes from the newest checkpoint
 * (refusing one written with another config or for another model).
 */
export async function prune(modelPath: string, options: PruneOptions, context: CommandContext): Promise<ExitCode> {
  const { out } = context;
  // The config and data first: a typo should cost a second, not a backend load and a model.
  // The callback validates the config, as it validates any (with the layer classes registered
  // in this process, e.g. by a module given to node --import), so the CLI accepts what code does.
  const fresh = new PruningCallback((await readConfigFile(options.config)) as PruningConfigInput, {
    source: options.config,
    ...(options.checkpoint === undefined ? {} : { checkpoint: { store: checkpointDirectory(options.checkpoint), everyEpochs: 1 } }),
  });
  const data = loadLabelledData(options.data, {
    ...(options.label === undefined ? {} : { label: options.label }),
    ...(options.trainSize === undefined ? {} : { trainSize: options.trainSize }),
  });
  await useBackend('train', context, options.backend);

  const { model: given } = await loadSavedModel(modelPath);
  let model = given;
  let pruning: PruningCallback;
  let initialEpoch = 0;
  const resume = options.checkpoint !== undefined && existsSync(path.join(options.checkpoint, LATEST_CHECKPOINT));
  if (resume && options.checkpoint !== undefined) {
    const loaded = await loadCheckpoint(options.checkpoint, { config: fresh.config, expectModel: given });
    given.dispose();
    ({ model, callback: pruning, initialEpoch } = loaded);
    // A finished run has nothing to resume; the "already holds" note below says so instead.
    if (initialEpoch < options.epochs) out.info(`resuming from ${options.checkpoint} at epoch ${initialEpoch + 1} of ${options.epochs}`);
  } else {
    if (model.optimizer === undefined || model.optimizer === null) {
      // Saved models usually carry no training config; compile by name so checkpoints can store it.
      model.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    }
    pruning = fresh;
  }

  const train = toModelTensors(model, data.train, data.source);
  const test = data.test === undefined ? undefined : toModelTensors(model, data.test, data.source);
  try {
    out.info(`data: ${data.source}, ${data.train.count} training samples; model: ${modelPath}; config: ${options.config}`);
    if (initialEpoch < options.epochs) {
      // Progress goes to stderr (a live line on a terminal), none under --quiet.
      const progress = out.quiet ? [] : [fitProgress({ pruning })];
      await model.fit(train.x, train.y, {
        epochs: options.epochs,
        initialEpoch,
        batchSize: options.batchSize,
        shuffle: true,
        verbose: 0,
        callbacks: [pruning, ...progress],
      });
    } else {
      out.info(`${options.checkpoint ?? ''} already holds epoch ${initialEpoch} of ${options.epochs}; nothing left to train`);
    }
    const { shortfalls } = pruning.report();
    out.result(pruning.formatReport());
    // A model pruned short of its schedule is a real result, but never a silent one.
    for (const shortfall of shortfalls) out.error(`warning: ${describeShortfall(shortfall)}`);
    if (options.strict === true && shortfalls.length > 0) {
      out.error(`error: --strict: training ended short of the schedule, so nothing was written to ${options.out}`);
      return EXIT.scheduleShort;
    }
    pruning.strip();
    if (test !== undefined) out.result(`test accuracy: ${formatPercent(await accuracy(model, test, options.batchSize), 2)} (${data.test?.count ?? 0} held-out samples)`);
    const report = await exportModel(model, options.out, options.quantize);
    out.result('');
    out.result(formatExportReport(report));
  } finally {
    pruning.strip();
    tf.dispose([train.x, train.y, ...(test === undefined ? [] : [test.x, test.y])]);
    model.dispose();
  }
  return EXIT.ok;
}

async function accuracy(model: tfl.LayersModel, test: { x: tf.Tensor; y: tf.Tensor }, batchSize: number): Promise<number> {
  const predicted = tf.tidy(() => tf.argMax(model.predict(test.x, { batchSize }) as tf.Tensor, -1));
  const expected = tf.tidy(() => tf.argMax(test.y, -1));
  const [p, e] = await Promise.all([predicted.data(), expected.data()]);
  tf.dispose([predicted, expected]);
  let right = 0;
  for (let i = 0; i < p.length; i++) if (p[i] === e[i]) right++;
  return p.length === 0 ? 0 : right / p.length;
}
