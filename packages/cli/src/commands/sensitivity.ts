import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

import * as tf from '@tensorflow/tfjs-core';

import { channelGraph, channelSensitivity, formatPercent } from '../adapters/core.js';
import { CliError, usageError } from '../cli-error.js';
import type { CommandContext } from '../command-context.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { describeMetric, heldOutMetric, type MetricKind } from '../held-out-metric.js';
import { type LabelledSplit, loadLabelledData } from '../labelled-data.js';
import { loadSavedModel } from '../load-model.js';
import { schemaPathFor } from '../schema-path.js';
import { allocateBySensitivity } from '../sensitivity-allocation.js';
import { sensitivityConfig } from '../sensitivity-config.js';
import { renderSensitivitySvg } from '../sensitivity-svg.js';
import { formatAllocation, formatMetric, formatSensitivityTable } from '../sensitivity-table.js';
import { toModelTensors } from '../to-model-tensors.js';
import { useBackend } from '../use-backend.js';

export interface SensitivityOptions {
  data: string;
  limit: number;
  sparsities: number[];
  metric: MetricKind;
  label?: string;
  svg?: string;
  config?: string;
  target?: number;
  endEpoch: number;
  backend?: string;
  json?: boolean;
}

/**
 * Prunes each channel family of a saved classifier alone, at each sparsity, measures the metric on
 * held-out samples (core's `channelSensitivity`, which restores the weights after every trial),
 * prints the table, and optionally draws it and turns it into a config for an overall target.
 */
export async function sensitivity(modelPath: string, options: SensitivityOptions, context: CommandContext): Promise<ExitCode> {
  const { out } = context;
  // Flag mistakes first: they should cost nothing, not a model load and a dozen evaluations.
  if (options.target !== undefined && options.config === undefined) throw usageError('--target needs --config <file>: the target is what the written config prunes to');
  if (options.config !== undefined && options.target === undefined) throw usageError('--config needs --target <fraction>: the overall channel sparsity, in (0, 1), that the config prunes to');
  const data = loadLabelledData(options.data, options.label === undefined ? {} : { label: options.label });
  // mnist and idx: their test split, which `prune` never trains on; a CSV file: all of it.
  const heldOut = firstSamples(data.test ?? data.train, options.limit);
  // One evaluation per trial: like training, it wants the fastest backend installed.
  await useBackend('train', context, options.backend);

  const { model } = await loadSavedModel(modelPath);
  let tensors: { x: tf.Tensor; y: tf.Tensor } | undefined;
  try {
    tensors = toModelTensors(model, heldOut, data.source, 'sensitivity');
    const graph = channelGraph(model);
    const metric = heldOutMetric(options.metric, tensors);
    const label = describeMetric(options.metric, model);
    out.info(`${label} on ${heldOut.count} held-out samples of ${data.source}; ${options.sparsities.length} sparsities per family`);
    const result = await channelSensitivity(model, { evaluate: metric.evaluate, sparsities: options.sparsities, norm: 'l2', graph });
    if (result.rows.length === 0) {
      throw new CliError('CLI_FAILED', `${modelPath}: no channel family with 2 or more prunable channels, so there is nothing to measure`);
    }
    const allocation = options.target === undefined ? undefined : allocateBySensitivity(result, options.target, metric.higherIsBetter);
    if (options.json === true) {
      out.result(JSON.stringify({ model: modelPath, data: data.source, samples: heldOut.count, metric: label, ...result, ...(allocation === undefined ? {} : { allocation }) }, null, 2));
    } else {
      out.result(`baseline ${label}: ${formatMetric(options.metric, result.baseline)} (${heldOut.count} samples)`);
      out.result(formatSensitivityTable(result, options.metric));
      if (allocation !== undefined && options.target !== undefined) {
        out.result('');
        out.result(formatAllocation(allocation, options.metric, options.target));
      }
    }
    if (options.svg !== undefined) {
      await writeFile(options.svg, await renderSensitivitySvg(result, label, modelPath));
      out.info(`wrote ${options.svg}`);
    }
    if (allocation !== undefined && options.config !== undefined && options.target !== undefined) {
      const config = sensitivityConfig(allocation, graph, {
        endEpoch: options.endEpoch,
        schema: schemaPathFor(options.config, process.cwd()).value,
        file: options.config,
      });
      if (!allocation.reached) {
        const reached = allocation.pruned / allocation.channels;
        out.error(`warning: every family at its largest measured sparsity prunes ${formatPercent(reached)} of the channels, short of --target ${formatPercent(options.target)}; measure larger --sparsities to go further`);
      }
      try {
        await mkdir(dirname(options.config), { recursive: true });
        await writeFile(options.config, `${JSON.stringify(config, null, 2)}\n`);
      } catch (error) {
        throw new CliError('CLI_FAILED', `${options.config}: cannot write (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
      }
      out.info(`wrote ${options.config}`);
    }
  } finally {
    if (tensors !== undefined) tf.dispose([tensors.x, tensors.y]);
    model.dispose();
  }
  return EXIT.ok;
}

function firstSamples(split: LabelledSplit, limit: number): LabelledSplit {
  if (split.count <= limit) return split;
  return {
    features: split.features.subarray(0, limit * split.featuresPerSample),
    featuresPerSample: split.featuresPerSample,
    labels: Array.from({ length: limit }, (_, i) => split.labels[i] ?? 0),
    count: limit,
  };
}
