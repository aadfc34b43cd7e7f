import type * as tfl from '@tensorflow/tfjs-layers';
import { compact } from '@tfjs-prune/compact';
import type { MaskStore } from '@tfjs-prune/core';
import { channelImportance } from '@tfjs-prune/core/internal';

import type { Binding } from '../engine/model-binding.js';
import type { ActivePruner } from '../engine/runtime-pruner.js';
import { measureSpeedup } from './measure-speedup.js';
import { compactedCandidate } from './compacted-candidate.js';
import { findMacFraction } from './find-mac-fraction.js';
import type { LatencyChoice, SpeedupMeasurement } from '../state/latency-records.js';
import type { SpeedupMeasurer } from './speedup-measurement.js';

/** Searches the fraction of every due latency-targeted pruner that has none yet (see `LatencySupport.search`). */
export async function searchDue(binding: Binding, due: readonly ActivePruner[], measure: SpeedupMeasurer = measureSpeedup): Promise<void> {
  for (const pruner of due) {
    if (!isLatencyTargeted(pruner) || pruner.latency.choice !== undefined) continue;
    pruner.latency.choice = await searchLatency(binding.model, binding.store, pruner, measure);
  }
}

/** After the epoch of a latency target's last update (trained on with its masks): the result, measured. */
export async function measureResult(binding: Binding, epoch: number, measure: SpeedupMeasurer = measureSpeedup): Promise<void> {
  for (const p of binding.pruners) {
    if (p.latency?.choice === undefined || p.unit !== 'epoch' || epoch !== p.lastUpdate) continue;
    p.latency.final = await measureCompacted(binding.model, p.latency.batch, measure);
  }
}

/** A pruner a latency target applies to: the engine binds only channel-group pruners to a budget. */
type LatencyTargeted = ActivePruner & {
  readonly budget: NonNullable<ActivePruner['budget']>;
  readonly latency: NonNullable<ActivePruner['latency']>;
  readonly channels: NonNullable<ActivePruner['channels']>;
};

const isLatencyTargeted = (p: ActivePruner): p is LatencyTargeted =>
  p.budget !== undefined && p.latency !== undefined && p.channels !== undefined;

/**
 * A latency target's MAC fraction, found on the model as it is before the first update: the
 * channels are ranked as that update will rank them, each candidate fraction is allocated
 * (`allocateChannels`, metric "macs"), compacted and measured against `model`.
 */
async function searchLatency(model: tfl.LayersModel, store: MaskStore, pruner: LatencyTargeted, measure: SpeedupMeasurer): Promise<LatencyChoice> {
  const { budget, latency, channels } = pruner;
  const { criterion, granularity } = pruner.maskOptions;
  const { groups, alreadyPruned, importance } = channelImportance(store, channels, { criterion, granularity, statistics: pruner.accumulator?.statistics() });
  const allocateAt = (keep: number) =>
    budget.allocate(model, channels.families, importance, { metric: 'macs', keep, roundTo: granularity?.roundTo ?? 1, alreadyPruned });
  // The smallest positive fraction: every family at its floor.
  const floorAllocation = allocateAt(Number.MIN_VALUE);
  return await findMacFraction({
    speedup: latency.speedup,
    floor: floorAllocation.achieved / floorAllocation.dense,
    measureAt: async (keep) => {
      const allocation = allocateAt(keep);
      const candidate = await compactedCandidate(model, groups, allocation.pruned);
      try {
        return { keep: allocation.achieved / allocation.dense, measured: await measure(model, candidate, latency.batch) };
      } finally {
        candidate.dispose();
      }
    },
  });
}

/** `model` compacted as its masks stand, measured against it. */
export async function measureCompacted(model: tfl.LayersModel, batch: number, measure: SpeedupMeasurer): Promise<SpeedupMeasurement> {
  const { model: small } = await compact(model);
  try {
    return await measure(model, small, batch);
  } finally {
    small.dispose();
  }
}
