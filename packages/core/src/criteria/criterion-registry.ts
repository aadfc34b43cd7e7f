import { CriterionError } from '../errors/criterion-error.js';
import { bnScale } from './bn-scale.js';
import type { Criterion } from './criterion.js';
import { gradient } from './gradient.js';
import { lamp } from './lamp.js';
import { magnitude } from './magnitude.js';
import { movement } from './movement.js';
import { random } from './random.js';
import { taylor } from './taylor.js';

/** What a criterion may be built with (the shape a validated pruner config has). */
export interface CriterionOptions {
  /** Seed of the `random` criterion. Defaults to 0; the other criteria ignore it. */
  readonly seed?: number | undefined;
}

/**
 * The one table of criteria, beside `createGranularity`: adding a criterion is its file, one
 * line here and a row in `test/criterion-registry.test.ts`. `@tfjs-prune/schedules` keeps the
 * names as an enum; `packages/callbacks/test/registry-contract.test.ts` holds it to this table.
 */
const criterionFactories = {
  magnitude: () => magnitude,
  random: (options: CriterionOptions) => random(options.seed ?? 0),
  gradient: () => gradient,
  taylor: () => taylor,
  movement: () => movement,
  lamp: () => lamp,
  'bn-scale': () => bnScale,
} as const satisfies Record<string, (options: CriterionOptions) => Criterion>;

export type CriterionName = keyof typeof criterionFactories;

/** Every criterion name, in table order. */
export const criterionNames = Object.freeze(Object.keys(criterionFactories)) as readonly CriterionName[];

/** The criterion `name` names, built with `options`. */
export function createCriterion(name: CriterionName, options: CriterionOptions = {}): Criterion {
  if (typeof name !== 'string' || !Object.hasOwn(criterionFactories, name)) {
    throw new CriterionError(
      'UNKNOWN_CRITERION',
      `unknown criterion ${JSON.stringify(name)}: expected one of ${criterionNames.map((n) => `"${n}"`).join(', ')}`,
    );
  }
  return criterionFactories[name](options);
}

/**
 * Whether a criterion accumulates gradients at every optimizer step, read off the criterion
 * itself (its `gradientStatistic`), so the fact lives in the criterion's own file.
 */
export function criterionNeedsGradients(name: CriterionName): boolean {
  return createCriterion(name).gradientStatistic !== undefined;
}

/** The names of the criteria that need gradients, in table order. */
export const gradientCriterionNames: readonly CriterionName[] = Object.freeze(criterionNames.filter(criterionNeedsGradients));
