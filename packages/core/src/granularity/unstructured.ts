import type { Granularity } from './granularity.js';

/** Every weight ranked on its own (the default). */
export const unstructured: Granularity = {
  name: 'unstructured',
  layout: () => null,
  norm: 'l1',
  counts: 'weights',
  needsUnits: false,
};
