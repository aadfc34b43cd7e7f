import { GranularityError } from '../errors/granularity-error.js';
import { block } from './block.js';
import { type GroupNorm, groupNorms } from './group-layout.js';
import type { Granularity } from './granularity.js';
import { nOfM } from './n-m.js';
import { structured, type StructuredNorm } from './structured.js';
import { unstructured } from './unstructured.js';

/** Norms a block can be ranked by: `l1` (the default), `l2`, `max`, `avg`. */
export const blockNorms: readonly GroupNorm[] = groupNorms;

/** A granularity described as plain data (the shape a validated config has). */
export type GranularityOptions =
  | { readonly type: 'unstructured' }
  | { readonly type: 'block'; readonly shape: readonly [number, number]; readonly norm?: GroupNorm | undefined }
  | { readonly type: 'n:m'; readonly n: number; readonly m: number }
  | { readonly type: 'structured'; readonly norm?: StructuredNorm | undefined; readonly roundTo?: number | undefined };

export type GranularityType = GranularityOptions['type'];

/**
 * The one table of granularity kinds: adding one is a file with its factory plus a line here.
 * `@tfjs-prune/schedules` keeps the `type` names as an enum; a contract test holds it to this.
 */
const granularityFactories: { readonly [T in GranularityType]: (options: Extract<GranularityOptions, { type: T }>) => Granularity } = {
  unstructured: () => unstructured,
  block: (options) => block([options.shape[0], options.shape[1]], options.norm ?? 'l1'),
  'n:m': (options) => nOfM(options.n, options.m),
  structured: (options) => structured(options.norm ?? 'l1', options.roundTo ?? 1),
};

/** Every granularity `type`, in table order. */
export const granularityTypes = Object.freeze(Object.keys(granularityFactories)) as readonly GranularityType[];

export function createGranularity(options: GranularityOptions): Granularity {
  const type = (options as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !Object.hasOwn(granularityFactories, type)) {
    throw new GranularityError(
      `unknown granularity type ${JSON.stringify(type)}: expected one of ${granularityTypes.map((t) => `"${t}"`).join(', ')}`,
      'INVALID_GRANULARITY',
    );
  }
  const factory = granularityFactories[type as GranularityType] as (options: GranularityOptions) => Granularity;
  return factory(options);
}
