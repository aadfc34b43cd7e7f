import { LayerRegistryError } from '../errors/layer-registry-error.js';
import { builtinPrunableLayers } from './builtin-prunable-layers.js';
import type { PrunableLayerSpec, PrunableWeightSpec } from './prunable-layer-spec.js';
import { unitAxes } from './prunable-layer-spec.js';

/**
 * The one table of prunable layer classes: the built-ins plus what users register. Everything
 * that asks "is this weight prunable, where are its units, does structured apply" reads it.
 */
const customLayers = new Map<string, PrunableLayerSpec>();

/** The built-in prunable classes, in table order. */
export const builtinPrunableLayerClasses: readonly string[] = Object.freeze(Object.keys(builtinPrunableLayers));

/** Every prunable class: built-ins first, then registered ones in registration order. */
export function prunableLayerClasses(): string[] {
  return [...builtinPrunableLayerClasses, ...customLayers.keys()];
}

/** The spec of `className` (as `layer.getClassName()` returns it), or undefined when it is not prunable. */
export function prunableLayerSpec(className: string): PrunableLayerSpec | undefined {
  return Object.hasOwn(builtinPrunableLayers, className) ? builtinPrunableLayers[className] : customLayers.get(className);
}

/** The spec of one weight of `className`, or undefined when that weight is not prunable. */
export function prunableWeightSpec(className: string, weight: string): PrunableWeightSpec | undefined {
  return prunableLayerSpec(className)?.weights.find((w) => w.name === weight);
}

/**
 * Lets pruning see a custom layer class (like TFMOT's `PrunableLayer`): `spec.weights` names its
 * prunable weights and, for those with whole output units, the unit axis that makes them
 * eligible for "structured". The spec is copied and frozen.
 *
 * ```ts
 * registerPrunableLayer('MyDense', { weights: [{ name: 'kernel', unitAxis: -1 }] });
 * ```
 */
export function registerPrunableLayer(className: string, spec: PrunableLayerSpec): void {
  const where = `registerPrunableLayer(${JSON.stringify(className)})`;
  if (typeof className !== 'string' || className === '') {
    throw new LayerRegistryError('INVALID_LAYER_SPEC', `registerPrunableLayer: the class name must be a non-empty string (got ${JSON.stringify(className)})`);
  }
  if (Object.hasOwn(builtinPrunableLayers, className)) {
    throw new LayerRegistryError(
      'BUILTIN_LAYER_CLASS',
      `${where}: "${className}" is a built-in prunable layer class and cannot be replaced; register your layer under its own class name`,
    );
  }
  if (customLayers.has(className)) {
    throw new LayerRegistryError(
      'LAYER_CLASS_REGISTERED',
      `${where}: "${className}" is already registered; call unregisterPrunableLayer("${className}") first to change its spec`,
    );
  }
  customLayers.set(className, checkedSpec(where, spec));
}

/** Removes a class that `registerPrunableLayer` added; built-ins cannot be removed. */
export function unregisterPrunableLayer(className: string): void {
  if (Object.hasOwn(builtinPrunableLayers, className)) {
    throw new LayerRegistryError('BUILTIN_LAYER_CLASS', `unregisterPrunableLayer: "${className}" is a built-in prunable layer class and cannot be removed`);
  }
  if (!customLayers.delete(className)) {
    throw new LayerRegistryError('LAYER_CLASS_UNKNOWN', `unregisterPrunableLayer: "${className}" was never registered`);
  }
}

function checkedSpec(where: string, spec: PrunableLayerSpec): PrunableLayerSpec {
  const fail = (message: string): never => {
    throw new LayerRegistryError('INVALID_LAYER_SPEC', `${where}: ${message}`);
  };
  if (spec === null || typeof spec !== 'object') fail(`the spec must be an object { weights, bias? } (got ${describe(spec)})`);
  const known = new Set(['weights', 'bias']);
  for (const key of Object.keys(spec)) if (!known.has(key)) fail(`unknown key "${key}" (expected "weights" and optionally "bias")`);
  if (!Array.isArray(spec.weights) || spec.weights.length === 0) {
    fail(`"weights" must be a non-empty array of { name, unitAxis? } (got ${describe(spec.weights)})`);
  }
  const bias = spec.bias ?? 'bias';
  if (typeof bias !== 'string' || bias === '') fail(`"bias" must be a non-empty string (got ${describe(spec.bias)})`);
  const names = new Set<string>();
  const weights = spec.weights.map((weight, i) => {
    const at = `weights[${i}]`;
    if (weight === null || typeof weight !== 'object') fail(`${at} must be an object { name, unitAxis? } (got ${describe(weight)})`);
    for (const key of Object.keys(weight)) if (key !== 'name' && key !== 'unitAxis') fail(`${at} has unknown key "${key}" (expected "name" and optionally "unitAxis")`);
    if (typeof weight.name !== 'string' || weight.name === '') fail(`${at}.name must be a non-empty string (got ${describe(weight.name)})`);
    if (weight.name.includes('/')) fail(`${at}.name must be the weight's short name within the layer, without "/" (got "${weight.name}")`);
    if (names.has(weight.name)) fail(`${at}.name "${weight.name}" is listed twice`);
    if (weight.name === bias) fail(`${at}.name "${weight.name}" is the bias: biases are masked with their units, never pruned on their own`);
    names.add(weight.name);
    if (weight.unitAxis !== undefined && !unitAxes.includes(weight.unitAxis)) {
      fail(`${at}.unitAxis must be -1 or -2 (got ${describe(weight.unitAxis)})`);
    }
    return Object.freeze(weight.unitAxis === undefined ? { name: weight.name } : { name: weight.name, unitAxis: weight.unitAxis });
  });
  return Object.freeze({ weights: Object.freeze(weights), ...(spec.bias === undefined ? {} : { bias }) });
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}
