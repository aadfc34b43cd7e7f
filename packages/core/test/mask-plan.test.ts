import { describe, expect, it } from 'vitest';

import { tf } from './support/cpu-backend.js';
import { tinyMlp } from './support/models.js';
import {
  findPrunableWeights,
  MaskError,
  MaskStore,
  NonFiniteWeightError,
  type PrunableWeight,
  structuredTargets,
  updateMasks,
} from '@tfjs-prune/core';
import { commitMaskPlans, planMaskUpdate } from '../src/plan-mask-update.js';
import { magnitude } from '../src/criteria/magnitude.js';
import { structured } from '../src/granularity/structured.js';

/** Everything a failed update must leave untouched: every mask, every weight, the tensor count. */
function snapshot(store: MaskStore, targets: readonly PrunableWeight[]) {
  return {
    masks: targets.map((t) => (store.keepMask(t) === undefined ? null : [...store.keepMask(t)!])),
    weights: targets.map((t) => [...t.variable.dataSync()]),
    tensors: tf.memory().numTensors,
  };
}

describe('planMaskUpdate and commit: all or nothing', () => {
  it('plans without writing: masks and weights change only at the commit, all pruners together', () => {
    const model = tinyMlp();
    const [h1, h2, logits] = findPrunableWeights(model) as [PrunableWeight, PrunableWeight, PrunableWeight];
    const store = new MaskStore([h1, h2, logits]);
    const before = snapshot(store, [h1, h2, logits]);
    const first = planMaskUpdate(store, [h1, h2], { criterion: magnitude, scope: 'layer', sparsity: 0.5 });
    const second = planMaskUpdate(store, [logits], { criterion: magnitude, scope: 'layer', sparsity: 0.4 });
    expect(snapshot(store, [h1, h2, logits])).toEqual(before);
    expect(first.updates.map((u) => u.sparsity)).toEqual([0.5, 0.5]);
    // 15 weights at 0.4: 6 pruned.
    expect(second.updates.map((u) => u.sparsity)).toEqual([0.4]);
    commitMaskPlans(store, [first, second]);
    expect([h1, h2, logits].map((t) => store.prunedCount(t))).toEqual([12, 15, 6]);
    first.masks.forEach(({ target, keep }) => expect(store.keepMask(target)).toEqual(keep));
    expect([...h1.variable.dataSync()].filter((v) => v === 0)).toHaveLength(12);
    store.dispose();
    model.dispose();
  });

  it('a NaN weight in the second target leaves the previous masks, weights and tensor count as they were', () => {
    const model = tinyMlp();
    const targets = findPrunableWeights(model);
    const store = new MaskStore(targets);
    updateMasks(store, targets, { criterion: magnitude, scope: 'layer', sparsity: 0.3 });
    const values = [...targets[1]!.variable.dataSync()];
    values[3] = NaN;
    const withNaN = tf.tensor(values, [...targets[1]!.shape]);
    targets[1]!.variable.assign(withNaN);
    withNaN.dispose();
    const before = snapshot(store, targets);
    const update = () => updateMasks(store, targets, { criterion: magnitude, scope: 'layer', sparsity: 0.6 });
    expect(update).toThrow(NonFiniteWeightError);
    expect(update).toThrow('layer "hidden2" weight "kernel" holds NaN at flat index 3: cannot rank non-finite weights');
    expect(snapshot(store, targets)).toEqual(before);
    store.dispose();
    model.dispose();
  });

  it('a structured update that fails at a group member of another layer changes nothing', () => {
    const model = tinyMlp();
    const channels = structuredTargets(model, findPrunableWeights(model, { include: ['hidden1'] }));
    const targets = channels.weights;
    const store = new MaskStore(targets);
    updateMasks(store, channels, { criterion: magnitude, scope: 'layer', sparsity: 0.25, granularity: structured() });
    // hidden1's channels reach hidden2's input rows, which the ranking reads too.
    const consumer = targets.find((t) => t.path === 'hidden2')!;
    const values = [...consumer.variable.dataSync()];
    values[3] = NaN;
    const withNaN = tf.tensor(values, [...consumer.shape]);
    consumer.variable.assign(withNaN);
    withNaN.dispose();
    const before = snapshot(store, targets);
    const update = () => updateMasks(store, channels, { criterion: magnitude, scope: 'layer', sparsity: 0.5, granularity: structured() });
    expect(update).toThrow(NonFiniteWeightError);
    expect(update).toThrow('layer "hidden2" weight "kernel" holds NaN at flat index 3: cannot rank non-finite weights');
    expect(snapshot(store, targets)).toEqual(before);
    store.dispose();
    model.dispose();
  });

  it('a commit with one bad plan (wrong length, unknown target, a target twice) writes none of them', () => {
    const model = tinyMlp();
    const [h1, h2, logits] = findPrunableWeights(model) as [PrunableWeight, PrunableWeight, PrunableWeight];
    const store = new MaskStore([h1, h2]);
    updateMasks(store, [h1, h2], { criterion: magnitude, scope: 'layer', sparsity: 0.2 });
    const before = snapshot(store, [h1, h2]);
    const good = planMaskUpdate(store, [h1], { criterion: magnitude, scope: 'layer', sparsity: 0.9 });
    const cases: [() => void, string, string][] = [
      [() => store.commit([...good.masks, { target: h2, keep: new Uint8Array(3) }]), 'MASK_SIZE_MISMATCH', 'mask for "hidden2/kernel" has 3 entries, the weight has 30'],
      [() => store.commit([...good.masks, { target: logits, keep: new Uint8Array(15) }]), 'UNKNOWN_TARGET', 'weight "logits/kernel" is not in this MaskStore'],
      [() => commitMaskPlans(store, [good, good]), 'DUPLICATE_TARGET', 'weight "hidden1/kernel" has two masks in one commit: a weight belongs to one pruner only'],
    ];
    for (const [commit, code, message] of cases) {
      expect(commit).toThrow(message);
      try {
        commit();
      } catch (error) {
        expect(error).toBeInstanceOf(MaskError);
        expect((error as MaskError).code).toBe(code);
      }
      expect(snapshot(store, [h1, h2])).toEqual(before);
    }
    store.dispose();
    model.dispose();
  });

  it('restoreState with one tensor from another model restores nothing', () => {
    const model = tinyMlp();
    const targets = findPrunableWeights(model);
    const store = new MaskStore(targets);
    updateMasks(store, targets, { criterion: magnitude, scope: 'layer', sparsity: 0.5 });
    const saved = store.stateTensors();
    updateMasks(store, targets, { criterion: magnitude, scope: 'layer', sparsity: 0.7 });
    const wrong = tf.ones([2, 2], 'bool');
    saved.get('mask/logits/kernel')!.dispose();
    saved.set('mask/logits/kernel', wrong);
    const before = snapshot(store, targets);
    expect(() => store.restoreState(saved)).toThrow(
      'pruning state "mask/logits/kernel" has shape [2, 2], the model\'s weight has [5, 3]: the state was saved from a different model',
    );
    expect(snapshot(store, targets)).toEqual(before);
    tf.dispose([...saved.values()]);
    store.dispose();
    model.dispose();
  });

  /**
   * Two owners may mask one weight (a structured pruner's groups reach into another pruner's
   * kernel): the store holds a target each, and their states must go back to their own targets.
   */
  it('two targets over one variable: each exports its own mask and restores from its own tensors', () => {
    const model = tinyMlp();
    const [, , logits] = findPrunableWeights(model) as [PrunableWeight, PrunableWeight, PrunableWeight];
    const rows: PrunableWeight = { ...logits };
    const store = new MaskStore([rows, logits]);
    const rowKeep = Uint8Array.from({ length: 15 }, (_, i) => (i < 3 ? 0 : 1));
    const singleKeep = Uint8Array.from({ length: 15 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    store.commit([{ target: rows, keep: rowKeep }, { target: logits, keep: singleKeep }]);
    const rowState = store.stateTensors([rows]);
    const singleState = store.stateTensors([logits]);
    expect([...rowState.keys()]).toEqual(['mask/logits/kernel']);
    expect([...rowState.get('mask/logits/kernel')!.dataSync()]).toEqual([...rowKeep]);
    expect([...singleState.get('mask/logits/kernel')!.dataSync()]).toEqual([...singleKeep]);

    store.commit([{ target: rows, keep: new Uint8Array(15).fill(1) }, { target: logits, keep: new Uint8Array(15).fill(1) }]);
    const planned = [...store.restorePlan(rowState, [rows]), ...store.restorePlan(singleState, [logits])];
    // Planning writes nothing.
    expect(store.keepMask(rows)).toBeUndefined();
    store.commit(planned);
    expect([...store.keepMask(rows)!]).toEqual([...rowKeep]);
    expect([...store.keepMask(logits)!]).toEqual([...singleKeep]);
    // Both masks hold the weight: zero wherever either prunes.
    expect([...logits.variable.dataSync()].map((v) => v === 0)).toEqual([...rowKeep].map((k, i) => k === 0 || singleKeep[i] === 0));
    tf.dispose([...rowState.values(), ...singleState.values()]);
    store.dispose();
    model.dispose();
  });
});
