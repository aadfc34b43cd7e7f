import { block } from './block.js';
import type { Granularity } from './granularity.js';
import { nOfM } from './n-m.js';
import { structured } from './structured.js';
import { unstructured } from './unstructured.js';

/** A granularity described as plain data (the shape a validated config has). */
export type GranularityOptions =
  | { readonly type: 'unstructured' }
  | { readonly type: 'block'; readonly shape: readonly [number, number]; readonly norm?: 'l1' | 'l2' | 'max' | undefined }
  | { readonly type: 'n:m'; readonly n: number; readonly m: number }
  | { readonly type: 'structured'; readonly norm?: 'l1' | 'l2' | undefined };

export function createGranularity(options: GranularityOptions): Granularity {
  switch (options.type) {
    case 'unstructured': return unstructured;
    case 'block': return block([options.shape[0], options.shape[1]], options.norm ?? 'l1');
    case 'n:m': return nOfM(options.n, options.m);
    case 'structured': return structured(options.norm ?? 'l1');
  }
}
