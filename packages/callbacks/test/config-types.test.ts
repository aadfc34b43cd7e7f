import { describe, expect, expectTypeOf, it } from 'vitest';

import '../../core/test/support/cpu-backend.js';
import { PruningCallback, type PruningCallbackArgs, PruningEngine, type PruningEngineArgs } from '@tfjs-prune/callbacks';
import { type PruningConfigInput, PruningConfigError } from '@tfjs-prune/schedules';

/**
 * `pnpm typecheck` compiles this file: were a `constructor(config: unknown)` overload to come back,
 * the `@ts-expect-error` lines below would be unused and fail the typecheck, and the
 * `expectTypeOf` lines would fail at run time.
 */
describe('typed configs: a typo fails to compile, JSON goes through fromJSON', () => {
  it('the constructors take a typed config only', () => {
    expectTypeOf(PruningCallback).constructorParameters.toEqualTypeOf<[config: PruningConfigInput, args?: PruningCallbackArgs]>();
    expectTypeOf(PruningEngine).constructorParameters.toEqualTypeOf<[config: PruningConfigInput, args?: PruningEngineArgs]>();
    expectTypeOf(PruningCallback.fromJSON).parameter(0).toEqualTypeOf<unknown>();
  });

  it('a misspelt field is a compile error, and still a run-time error', () => {
    const typo = () =>
      new PruningCallback({
        pruners: [
          {
            // @ts-expect-error finalSparsty is not a field of a polynomial-decay schedule
            schedule: { type: 'polynomial-decay', finalSparsty: 0.9, startEpoch: 0, endEpoch: 2 },
          },
        ],
      });
    expect(typo).toThrow(PruningConfigError);
    // @ts-expect-error granularty is not a pruner field
    const typoInPruner = () => new PruningCallback({ pruners: [{ granularty: 'structured', schedule: { type: 'one-shot', sparsity: 0.5 } }] });
    expect(typoInPruner).toThrow(PruningConfigError);
  });

  it('an untyped value is a compile error in the constructor and accepted by fromJSON, which validates it', () => {
    const json: unknown = JSON.parse('{"pruners": [{"schedule": {"type": "one-shot", "sparsity": 1.5}}]}');
    // @ts-expect-error an `unknown` config must go through PruningCallback.fromJSON
    expect(() => new PruningCallback(json)).toThrow(PruningConfigError);
    // @ts-expect-error an `unknown` config must go through PruningEngine.fromJSON
    expect(() => new PruningEngine(json)).toThrow(PruningConfigError);
    expect(() => PruningCallback.fromJSON(json, { source: 'prune.json' })).toThrow(
      'prune.json: /pruners/0/schedule/sparsity must be < 1 (got 1.5)',
    );
    expect(() => PruningEngine.fromJSON(json)).toThrow(PruningConfigError);
    const valid = PruningCallback.fromJSON(JSON.parse('{"pruners": [{"schedule": {"type": "one-shot", "sparsity": 0.5}}]}'));
    expect(valid.config.pruners[0]?.schedule).toMatchObject({ type: 'one-shot', sparsity: 0.5 });
  });
});
