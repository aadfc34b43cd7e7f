import { formatPercent } from '@tfjs-prune/core/internal';

import type { LatencyState } from '../engine/latency-state.js';
import type { LatencyTargetReport, SpeedupMeasurement } from '../state/latency-records.js';

/** The report of a latency target once its fraction is chosen; undefined before the search. */
export function latencyReport(latency: LatencyState): LatencyTargetReport | undefined {
  const choice = latency.choice;
  if (choice === undefined) return undefined;
  const floor = choice.candidates.find((c) => c.floor);
  return {
    speedup: latency.speedup,
    batch: latency.batch,
    keep: choice.keep,
    searched: choice.measured,
    candidates: choice.candidates,
    measured: latency.final,
    reachable: floor === undefined || floor.speedup >= latency.speedup,
  };
}

/** One line on a latency target, below the MAC line of `formatReport()`. */
export function describeLatency(latency: LatencyTargetReport): string {
  const count = latency.candidates.length;
  const asked = `latency: ${speedupText(latency.speedup)} asked at batch ${latency.batch}`;
  const chosen = `MAC fraction ${formatPercent(latency.keep)} chosen by measuring ${count} candidate${count === 1 ? '' : 's'} (it measured ${measurementText(latency.searched)})`;
  const measured = latency.measured === undefined ? 'not measured after the last update yet' : `measured after the last update: ${measurementText(latency.measured)}`;
  const reach = latency.reachable ? '' : '; cannot be reached on this backend: every family at its floor is the fastest candidate';
  return `${asked}; ${chosen}; ${measured}${reach}`;
}

function speedupText(speedup: number): string {
  return `${speedup.toFixed(2)}x`;
}

function measurementText(m: SpeedupMeasurement): string {
  return `${speedupText(m.speedup)}, quartiles ${speedupText(m.p25)}-${speedupText(m.p75)}`;
}
