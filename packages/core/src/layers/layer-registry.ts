import { LayerRegistryError } from '../errors/layer-registry-error.js';
import { builtinLayers } from './builtin-layers.js';
import { checkedHandler } from './check-layer-handler.js';
import type { LayerHandler, RegisterLayerOptions } from './layer-handler.js';

/**
 * The one table of layer classes: the built-ins plus what users register. Everything that asks
 * "is this weight prunable, where are its units, how do channels flow, how is it resized or
 * folded" reads it through `layerHandlerFor`. Registrations shadow built-ins of the same name
 * (only with `{ override: true }`); unregistering one brings the built-in back.
 */
const registered = new Map<string, LayerHandler>();

/** The handler of `className` (as `layer.getClassName()` returns it), or undefined for a class nobody taught. */
export function layerHandlerFor(className: string): LayerHandler | undefined {
  return registered.get(className) ?? (Object.hasOwn(builtinLayers, className) ? builtinLayers[className] : undefined);
}

export function isBuiltinLayerClass(className: string): boolean {
  return Object.hasOwn(builtinLayers, className);
}

/** Classes registered by users (not overrides of built-ins), in registration order. */
export function customLayerClasses(): string[] {
  return [...registered.keys()].filter((name) => !isBuiltinLayerClass(name));
}

/**
 * Teaches pruning one layer class, once: which weights are prunable and where their units lie,
 * and how channels flow through it, are resized and fold (see {@link LayerHandler}). The one
 * override policy: a class that already has a handler (a built-in, or one registered before)
 * keeps it unless `{ override: true }` is passed; `unregisterLayer` removes a registration.
 *
 * ```ts
 * registerLayer('MyDense', { weights: [{ name: 'kernel', unitAxis: -1 }], channels: myDenseChannels });
 * ```
 */
export function registerLayer(className: string, handler: LayerHandler, options: RegisterLayerOptions = {}): void {
  if (typeof className !== 'string' || className === '') {
    throw new LayerRegistryError('INVALID_LAYER_SPEC', `registerLayer: the class name must be a non-empty string (got ${JSON.stringify(className)})`);
  }
  const where = `registerLayer(${JSON.stringify(className)})`;
  if (layerHandlerFor(className) !== undefined && options.override !== true) {
    throw isBuiltinLayerClass(className) && !registered.has(className)
      ? new LayerRegistryError(
          'BUILTIN_LAYER_CLASS',
          `${where}: "${className}" is a built-in layer class; pass { override: true } to replace its handler, or register your layer under its own class name`,
        )
      : new LayerRegistryError(
          'LAYER_CLASS_REGISTERED',
          `${where}: "${className}" is already registered; pass { override: true } to replace its handler, or call unregisterLayer("${className}") first`,
        );
  }
  registered.set(className, checkedHandler(where, handler));
}

/**
 * Removes what `registerLayer` set for `className`: a custom class disappears, an overridden
 * built-in gets its own handler back. Built-ins cannot be removed.
 */
export function unregisterLayer(className: string): void {
  if (registered.delete(className)) return;
  if (isBuiltinLayerClass(className)) {
    throw new LayerRegistryError('BUILTIN_LAYER_CLASS', `unregisterLayer: "${className}" is a built-in layer class and has no registration to remove`);
  }
  throw new LayerRegistryError('LAYER_CLASS_UNKNOWN', `unregisterLayer: "${className}" was never registered`);
}
