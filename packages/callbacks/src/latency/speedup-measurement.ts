import type * as tfl from '@tensorflow/tfjs-layers';

import type { SpeedupMeasurement } from '../state/latency-records.js';

/**
 * Times `dense` against `candidate` on inputs of `batch` examples. The default (registered by
 * `@tfjs-prune/callbacks/budget`) alternates the two on random inputs on the backend in use;
 * tests pass a deterministic one so that nothing is timed. Must dispose every tensor it makes
 * and leave both models as they are.
 */
export type SpeedupMeasurer = (dense: tfl.LayersModel, candidate: tfl.LayersModel, batch: number) => Promise<SpeedupMeasurement>;
