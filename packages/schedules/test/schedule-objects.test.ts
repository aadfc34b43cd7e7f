import { describe, expect, it, vi } from 'vitest';
import {
  createSchedule, firstUpdateEpoch, isPruningSchedule, lastUpdateEpoch, validateConfig,
  type PruningConfigInput, type PruningSchedule,
} from '@tfjs-prune/schedules';

import { thrownMessage } from './support/thrown-message.js';

/**
 * The README invites users to write their own `PruningSchedule`; configs written in code must
 * then take it wherever they take a spec (it used to be rejected for lacking "type").
 */

/** Prunes to 0.3 at epoch 2 and 0.6 at epoch 5, with its methods on the prototype. */
class StepSchedule implements PruningSchedule {
  sparsityAt(epoch: number): number {
    return epoch >= 5 ? 0.6 : epoch >= 2 ? 0.3 : 0;
  }
  updatesAt(epoch: number): boolean {
    return epoch === 2 || epoch === 5;
  }
  toJSON(): unknown {
    return { steps: [[2, 0.3], [5, 0.6]] };
  }
}

const message = thrownMessage;

describe('a PruningSchedule object as a pruner schedule', () => {
  it('is kept as the very same object, next to specs, and never read as JSON', () => {
    const schedule = new StepSchedule();
    const toJSON = vi.spyOn(schedule, 'toJSON');
    const config: PruningConfigInput = {
      pruners: [
        { name: 'custom', layers: { include: ['dense*'] }, schedule },
        { name: 'spec', layers: { include: ['logits'] }, schedule: { type: 'one-shot', sparsity: 0.5 } },
      ],
    };
    const resolved = validateConfig(config);
    expect(resolved.pruners[0]?.schedule).toBe(schedule);
    expect(resolved.pruners[1]?.schedule).toStrictEqual({ type: 'one-shot', sparsity: 0.5, epoch: 0 });
    expect(resolved.pruners[0]?.criterion).toBe('magnitude');
    expect(toJSON).not.toHaveBeenCalled();
    expect(config.pruners[0]?.schedule).toBe(schedule); // the input is not rewritten either
  });

  it('names each missing method at the schedule pointer, with the other problems of the config', () => {
    const half = { sparsityAt: () => 0.5 };
    expect(message(() => validateConfig({ pruners: [{ schedule: half, scope: 'wide' }] }))).toBe([
      'config: /pruners/0/schedule is missing method "toJSON": a PruningSchedule object has sparsityAt, updatesAt and toJSON',
      'config: /pruners/0/schedule is missing method "updatesAt": a PruningSchedule object has sparsityAt, updatesAt and toJSON',
      'config: /pruners/0/scope must be one of "layer", "global" (got "wide")',
    ].join('\n'));
  });

  it('refuses a unit other than "epoch" or "step": a misspelt one would count epochs silently', () => {
    const steps = { unit: 'steps', sparsityAt: () => 0.5, updatesAt: () => false, toJSON: () => ({}) };
    expect(message(() => validateConfig({ pruners: [{ schedule: steps }] })))
      .toBe('config: /pruners/0/schedule/unit must be "epoch" or "step" (got "steps")');
  });

  it('a spec without type is still a spec', () => {
    expect(message(() => validateConfig({ pruners: [{ schedule: { sparsity: 0.5 } }] })))
      .toBe('config: /pruners/0/schedule is missing required key "type"');
  });

  /** What the schedule asks for cannot be known in advance, so rules that need it refuse. */
  it('is refused where a rule depends on what the schedule asks for', () => {
    const schedule = new StepSchedule();
    expect(message(() => validateConfig({ pruners: [{ granularity: { type: 'n:m', n: 2, m: 4 }, schedule }] })))
      .toBe('config: /pruners/0/schedule must be a schedule spec, not a PruningSchedule object, with 2:4 granularity, which always prunes 1 - n/m');
    expect(message(() => validateConfig({ pruners: [{ rewind: 'init', schedule }] })))
      .toBe('config: /pruners/0/rewind needs an "iterative" schedule, but the schedule is a PruningSchedule object (got "init")');
  });

  it('createSchedule returns it as it is, and checks its methods', () => {
    const schedule = new StepSchedule();
    expect(createSchedule(schedule)).toBe(schedule);
    expect(message(() => createSchedule({ updatesAt: () => true } as never))).toBe([
      'schedule: / is missing method "sparsityAt": a PruningSchedule object has sparsityAt, updatesAt and toJSON',
      'schedule: / is missing method "toJSON": a PruningSchedule object has sparsityAt, updatesAt and toJSON',
    ].join('\n'));
    expect(message(() => createSchedule(undefined as never))).toBe('schedule: / must be an object (got undefined)');
  });

  it('first and last update epochs: found for an object, open-ended at the end', () => {
    expect(firstUpdateEpoch(new StepSchedule())).toBe(2);
    expect(lastUpdateEpoch(new StepSchedule())).toBe(Infinity);
    expect(firstUpdateEpoch({ sparsityAt: () => 0, updatesAt: () => false, toJSON: () => null })).toBe(Infinity);
  });

  it('isPruningSchedule is structural', () => {
    expect(isPruningSchedule(new StepSchedule())).toBe(true);
    expect(isPruningSchedule(createSchedule({ type: 'one-shot', sparsity: 0.5 }))).toBe(true);
    expect(isPruningSchedule({ type: 'one-shot', sparsity: 0.5 })).toBe(false);
    expect(isPruningSchedule({ sparsityAt: () => 0, updatesAt: () => false })).toBe(false);
  });
});
