import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';

import { PruningCallback } from '@tfjs-prune/callbacks';

import { compactPruningConfig } from '../../src/bench/compact-config.js';
import { COMPACTION_AVAILABLE, compactModel } from '../../src/bench/compact-model.js';

describe('compactModel', () => {
  it('says what is missing until @tfjs-prune/compact is plugged in', async () => {
    expect(COMPACTION_AVAILABLE).toBe(false);
    const model = tfl.sequential({ name: 'tiny', layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
    await expect(compactModel(model)).rejects.toThrow(
      'pnpm bench:compact needs @tfjs-prune/compact (compact(model) → { model, report }), which this build does not have yet: ' +
        'add it to examples/package.json and implement compactModel in examples/src/bench/compact-model.ts. ' +
        'The narrowed-copy latencies run without it: pnpm bench:latency (asked to compact "tiny")',
    );
    model.dispose();
  });
});

describe('compactPruningConfig', () => {
  it('is a config PruningCallback accepts, pruning every Conv2D and hidden Dense layer by channels', () => {
    const config = compactPruningConfig(0.75, 3);
    expect(() => new PruningCallback(config)).not.toThrow();
    expect(config).toEqual({
      pruners: [
        {
          name: 'channels',
          layers: { classes: ['Conv2D', 'Dense'], exclude: ['logits'] },
          criterion: 'magnitude',
          granularity: { type: 'structured', norm: 'l2' },
          scope: 'layer',
          schedule: { type: 'polynomial-decay', finalSparsity: 0.75, startEpoch: 0, endEpoch: 1 },
        },
      ],
    });
  });

  it('refuses fewer than 2 epochs (no epoch would fine-tune after the last mask update)', () => {
    expect(() => compactPruningConfig(0.5, 1)).toThrow('the compact benchmark needs at least 2 epochs (got 1)');
  });
});
