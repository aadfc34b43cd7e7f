import { PruningCallback } from '@tfjs-prune/callbacks';
import type { PruningConfig } from '@tfjs-prune/schedules';

/** Every criterion the benchmarks compare; a build that lacks one reports it, it does not crash. */
export const CRITERIA = ['magnitude', 'random', 'gradient', 'taylor', 'movement'] as const;
export type CriterionName = (typeof CRITERIA)[number];

/** Criteria scored from gradients: their first mask update needs an epoch of training behind it. */
export const GRADIENT_CRITERIA: readonly CriterionName[] = ['gradient', 'taylor', 'movement'];

export const NOT_AVAILABLE = 'not available in this build';

/**
 * Builds the callback, or says why the installed library refuses the config (typically a
 * criterion its validator does not know yet): the first line of the error message.
 */
export function tryPruningCallback(config: unknown): { callback: PruningCallback } | { unavailable: string } {
  try {
    return { callback: new PruningCallback(config as PruningConfig) };
  } catch (error) {
    return { unavailable: firstLine(error) };
  }
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
