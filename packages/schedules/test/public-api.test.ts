import { describe, expect, it } from 'vitest';
import * as main from '@tfjs-prune/schedules';
import * as internal from '@tfjs-prune/schedules/internal';
import * as node from '@tfjs-prune/schedules/node';

/**
 * The runtime names each entry exports, so that a name cannot be added (a helper that only tests
 * use) or dropped without this list, the README and the integrator's notes changing with it.
 */
describe('public API', () => {
  it('main entry', () => {
    expect(Object.keys(main).sort()).toStrictEqual([
      'PruningConfigError', 'blockNorms', 'budgetMetrics', 'configSchema', 'createSchedule', 'criterionNames', 'firstUpdateEpoch',
      'gradientCriteria', 'granularityTypes', 'isPruningSchedule', 'lastUpdateEpoch', 'parseConfigText', 'prunableLayerClasses',
      'scheduleUnit', 'structuredNorms', 'validateConfig',
    ]);
  });

  /** The engine's helpers for @tfjs-prune/callbacks: outside semver, but still only grown on purpose. */
  it('./internal entry', () => {
    expect(Object.keys(internal).sort()).toStrictEqual(['TARGET_PROGRESS_SPARSITY', 'targetParts', 'unitOf', 'withProgressStandIn']);
  });

  it('./node entry', () => {
    expect(Object.keys(node)).toStrictEqual(['loadConfig', 'readConfigFile']);
  });
});
