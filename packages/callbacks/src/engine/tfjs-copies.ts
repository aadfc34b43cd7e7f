import * as tfl from '@tensorflow/tfjs-layers';

import { TfjsCopyError } from '../errors/tfjs-copy-error.js';

/**
 * Refuses a model built by another copy of @tensorflow/tfjs-layers than ours (two versions
 * installed side by side, e.g. `@tensorflow/tfjs@4.21.0` next to our 4.22 peers), naming both
 * versions. Anything that does not look like a LayersModel at all is left to the usual checks.
 */
export function assertOurTfjs(model: unknown): void {
  if (model instanceof tfl.LayersModel) return;
  const theirs = foreignLayersVersion(model);
  if (theirs !== undefined) throw new TfjsCopyError(tfl.version_layers, theirs);
}

/**
 * The tfjs-layers version of a LayersModel from another copy, read from what every
 * LayersModel reports about itself (`updatedConfig().kerasVersion`, "tfjs-layers 4.21.0");
 * undefined when `model` is not one.
 */
export function foreignLayersVersion(model: unknown): string | undefined {
  const candidate = model as { updatedConfig?: unknown; getClassName?: unknown; layers?: unknown } | null;
  if (typeof candidate !== 'object' || candidate === null) return undefined;
  if (typeof candidate.updatedConfig !== 'function' || typeof candidate.getClassName !== 'function' || !Array.isArray(candidate.layers)) {
    return undefined;
  }
  let reported: unknown;
  try {
    reported = (candidate.updatedConfig as () => { kerasVersion?: unknown }).call(model).kerasVersion;
  } catch {
    reported = undefined;
  }
  const match = typeof reported === 'string' ? /^tfjs-layers (.+)$/.exec(reported) : null;
  return match?.[1] ?? 'of unknown version';
}
