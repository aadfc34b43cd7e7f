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

/** Which part of a handler a registration sets: all of it, or one half (the older calls). */
export type HandlerPart = 'handler' | 'weights' | 'channels';

const partWords: Record<HandlerPart, { readonly with: string; readonly replace: string }> = {
  handler: { with: '', replace: 'replace its handler' },
  weights: { with: ' with prunable weights', replace: 'replace them' },
  channels: { with: ' with a channel handler', replace: 'replace it' },
};

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
  registerHandler('registerLayer', className, 'handler', handler, options);
}

/**
 * Registers `handler` under `className` for `caller`, whose `part` names what it sets: the policy
 * refuses to replace a part that is already set unless `options.override` is true.
 */
export function registerHandler(caller: string, className: string, part: HandlerPart, handler: LayerHandler, options: RegisterLayerOptions): void {
  if (typeof className !== 'string' || className === '') {
    throw new LayerRegistryError('INVALID_LAYER_SPEC', `${caller}: the class name must be a non-empty string (got ${JSON.stringify(className)})`);
  }
  const where = `${caller}(${JSON.stringify(className)})`;
  const current = layerHandlerFor(className);
  const taken = current !== undefined && (part === 'handler' || current[part] !== undefined);
  if (taken && options.override !== true) {
    const words = partWords[part];
    throw isBuiltinLayerClass(className) && !registered.has(className)
      ? new LayerRegistryError(
          'BUILTIN_LAYER_CLASS',
          `${where}: "${className}" is a built-in layer class${words.with}; pass { override: true } to ${words.replace}, or register your layer under its own class name`,
        )
      : new LayerRegistryError(
          'LAYER_CLASS_REGISTERED',
          `${where}: "${className}" is already registered${words.with}; pass { override: true } to ${words.replace}, or call unregisterLayer("${className}") first`,
        );
  }
  registered.set(className, checkedHandler(where, handler));
}

/**
 * Removes what `registerLayer` (or an older registration call) set for `className`: a custom
 * class disappears, an overridden built-in gets its own handler back. Built-ins cannot be removed.
 */
export function unregisterLayer(className: string): void {
  removeRegistration('unregisterLayer', className);
}

/** `unregisterLayer` for `caller`, whose name starts the messages. */
export function removeRegistration(caller: string, className: string): void {
  if (registered.delete(className)) return;
  if (isBuiltinLayerClass(className)) {
    throw new LayerRegistryError('BUILTIN_LAYER_CLASS', `${caller}: "${className}" is a built-in layer class and has no registration to remove`);
  }
  throw new LayerRegistryError('LAYER_CLASS_UNKNOWN', `${caller}: "${className}" was never registered`);
}
