import { builtinLayers } from './builtin-layers.js';
import { customLayerClasses, layerHandlerFor } from './layer-registry.js';
import type { PrunableLayerSpec, PrunableWeightSpec } from './prunable-layer-spec.js';

/**
 * The prunable half of the layer table (`registerLayer`): what "is this weight prunable, where
 * are its units, does structured apply" reads.
 */

/** Every class with prunable weights: built-ins first, then registered ones in registration order. */
export function prunableLayerClasses(): string[] {
  return [...Object.keys(builtinLayers), ...customLayerClasses()].filter((name) => prunableLayerSpec(name) !== undefined);
}

/** The spec of `className` (as `layer.getClassName()` returns it), or undefined when it is not prunable. */
export function prunableLayerSpec(className: string): PrunableLayerSpec | undefined {
  const handler = layerHandlerFor(className);
  if (handler?.weights === undefined) return undefined;
  return handler.bias === undefined ? { weights: handler.weights } : { weights: handler.weights, bias: handler.bias };
}

/** The spec of one weight of `className`, or undefined when that weight is not prunable. */
export function prunableWeightSpec(className: string, weight: string): PrunableWeightSpec | undefined {
  return layerHandlerFor(className)?.weights?.find((w) => w.name === weight);
}
