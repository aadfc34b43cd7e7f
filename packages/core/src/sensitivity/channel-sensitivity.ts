import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

import { channelGraph } from '../channel-graph/channel-graph.js';
import type { ChannelGraph } from '../channel-graph/channel-types.js';
import { type ChannelNorm, groupImportance, weightMagnitudes } from '../channel-graph/group-importance.js';
import { groupKeepMasks } from '../channel-graph/group-masks.js';
import { selectChannels } from '../channel-graph/select-channels.js';
import { MaskError } from '../errors/mask-error.js';

export interface SensitivityOptions {
  /** The metric on held-out data, higher is better (accuracy), or lower (loss): whichever, it is reported as it is. */
  readonly evaluate: (model: tfl.LayersModel) => Promise<number> | number;
  /** Channel sparsities to try per family, each in (0, 1). Defaults to [0.25, 0.5, 0.75]. */
  readonly sparsities?: readonly number[];
  /** How a group's magnitudes combine into its rank. Defaults to `l2`. */
  readonly norm?: ChannelNorm;
  /** A graph already computed for this model. Defaults to `channelGraph(model)`. */
  readonly graph?: ChannelGraph;
}

/** The metric with one family pruned alone to one sparsity. */
export interface SensitivityRow {
  readonly family: string;
  readonly channels: number;
  readonly sparsity: number;
  /** Channels pruned (counts round half to even, one channel always stays). */
  readonly pruned: number;
  readonly metric: number;
}

export interface SensitivityResult {
  /** The metric of the model as it was. */
  readonly baseline: number;
  readonly rows: readonly SensitivityRow[];
}

/**
 * Sensitivity analysis (Li et al. 2017, "Pruning Filters for Efficient ConvNets", §4.1): each
 * channel family is pruned alone, by magnitude, at each sparsity, and `evaluate` measures the
 * model; the weights are put back after each trial, exactly. Layers whose metric hardly moves
 * can be pruned hard; the sensitive ones deserve a lighter hand (or `maxLayerSparsity`). One
 * trial costs one evaluation: keep the held-out set small.
 */
export async function channelSensitivity(model: tfl.LayersModel, options: SensitivityOptions): Promise<SensitivityResult> {
  const { evaluate, sparsities = [0.25, 0.5, 0.75], norm = 'l2' } = options;
  for (const s of sparsities) {
    if (!(s > 0 && s < 1)) throw new MaskError('INVALID_SPARSITY', `channelSensitivity: every sparsity must be in (0, 1) (got ${s})`);
  }
  const graph = options.graph ?? channelGraph(model);
  const magnitudes = weightMagnitudes(model);
  const scores = new Map(graph.groups.map((g) => [g.id, groupImportance(g, magnitudes, norm)]));
  const byName = new Map(model.weights.map((w) => [w.name, w]));
  const baseline = await evaluate(model);
  const rows: SensitivityRow[] = [];
  for (const family of graph.families) {
    if (family.groups.length < 2) continue;
    for (const sparsity of sparsities) {
      const chosen = selectChannels([family], scores, { sparsity });
      const masks = groupKeepMasks(family.groups, chosen);
      const saved = [...masks.keys()].map((name) => {
        const weight = byName.get(name)!;
        const original = tf.clone(weight.read());
        const mask = masks.get(name)!;
        tf.tidy(() => {
          weight.write(tf.mul(original, tf.tensor(mask.keep, [...mask.shape], 'float32')));
        });
        return { weight, original };
      });
      try {
        rows.push({ family: family.name, channels: family.groups.length, sparsity, pruned: chosen.size, metric: await evaluate(model) });
      } finally {
        for (const { weight, original } of saved) {
          weight.write(original);
          original.dispose();
        }
      }
    }
  }
  return { baseline, rows };
}
