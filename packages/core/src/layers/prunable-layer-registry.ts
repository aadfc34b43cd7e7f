import { builtinLayers } from './builtin-layers.js';
import { checkedSpec } from './check-layer-handler.js';
import type { LayerHandler, RegisterLayerOptions } from './layer-handler.js';
import { customLayerClasses, layerHandlerFor, registerHandler, removeRegistration } from './layer-registry.js';
import type { PrunableLayerSpec, PrunableWeightSpec } from './prunable-layer-spec.js';

/**
 * The prunable half of the layer table (`registerLayer`): what "is this weight prunable, where
 * are its units, does structured apply" reads.
 */

/** The built-in classes with prunable weights, in table order. */
export const builtinPrunableLayerClasses: readonly string[] = Object.freeze(
  Object.keys(builtinLayers).filter((name) => builtinLayers[name]?.weights !== undefined),
);

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

/**
 * Sets only the prunable half of a class's handler (`registerLayer` sets both); kept for code
 * written before `registerLayer`. Same override policy: prunable weights a class already has are
 * replaced only with `{ override: true }`.
 *
 * ```ts
 * registerPrunableLayer('MyDense', { weights: [{ name: 'kernel', unitAxis: -1 }] });
 * ```
 */
export function registerPrunableLayer(className: string, spec: PrunableLayerSpec, options: RegisterLayerOptions = {}): void {
  const checked = checkedSpec(`registerPrunableLayer(${JSON.stringify(className)})`, spec);
  const current = layerHandlerFor(className);
  const handler: LayerHandler = { channels: current?.channels, macs: current?.macs, ...checked };
  registerHandler('registerPrunableLayer', className, 'weights', handler, options);
}

/** `unregisterLayer` under its older name: removes the class's whole registration. */
export function unregisterPrunableLayer(className: string): void {
  removeRegistration('unregisterPrunableLayer', className);
}
