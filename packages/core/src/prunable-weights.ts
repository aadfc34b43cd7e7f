import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { LayerRegistryError } from './errors/layer-registry-error.js';
import { matchesAnyGlob } from './glob.js';
import type { PrunableLayerSpec, UnitAxis } from './layers/prunable-layer-spec.js';
import { prunableLayerSpec } from './layers/prunable-layer-registry.js';

/** Where a kernel's output units are. */
export interface UnitLayout {
  /** Axis of the output units: -1, or -2 for `Conv2DTranspose` kernels. */
  readonly axis: UnitAxis;
}

/** One weight tensor that pruning may mask. */
export interface PrunableWeight {
  /** The layer's own name, which layer globs match against. */
  readonly layer: string;
  /** Nested-model path, e.g. `encoder/dense_1`; equals `layer` for top-level layers. */
  readonly path: string;
  readonly layerClass: string;
  /** Short weight name: `kernel`, `recurrent_kernel`, `depthwise_kernel`, ... */
  readonly weight: string;
  readonly shape: readonly number[];
  readonly size: number;
  /** The variable the optimizer updates; masks are written straight into it. */
  readonly variable: tf.Variable;
  /** Set for kernels with whole output units (structured pruning); absent for the others. */
  readonly units?: UnitLayout | undefined;
  /**
   * True when no optimizer step updates the weight (its layer has `trainable: false`, as
   * transfer learning leaves a base model): a mask still holds it, nothing trains it back.
   * Absent for trainable weights.
   */
  readonly frozen?: boolean | undefined;
}

export interface LayerSelector {
  /** Layer-name globs to take. Omitted: every layer. */
  readonly include?: readonly string[] | undefined;
  /** Layer-name globs to leave out, applied after `include`. */
  readonly exclude?: readonly string[] | undefined;
  /** tfjs class names (`Dense`, `Conv2D`, ...). Omitted: every prunable class. */
  readonly classes?: readonly string[] | undefined;
  /**
   * true: only weights an optimizer step updates; false: only frozen ones. Omitted: both, as
   * a frozen layer's weights are as prunable as any (the selector decides, not `trainable`).
   */
  readonly trainable?: boolean | undefined;
}

/** Every layer of the model, nested models flattened, each with its path. */
export function walkLayers(model: tfl.LayersModel): { layer: tfl.layers.Layer; path: string }[] {
  const found: { layer: tfl.layers.Layer; path: string }[] = [];
  const visit = (container: tfl.LayersModel, prefix: string): void => {
    for (const layer of container.layers) {
      const path = prefix === '' ? layer.name : `${prefix}/${layer.name}`;
      if (layer instanceof tfl.LayersModel) visit(layer, path);
      else found.push({ layer, path });
    }
  };
  visit(model, '');
  return found;
}

/**
 * The prunable weights of `model`, in layer order, filtered by `selector`. Which weights those
 * are comes from the layer table only (built-ins and `registerLayer`);
 * frozen layers count like the others (marked `frozen`) unless `selector.trainable` says.
 */
export function findPrunableWeights(model: tfl.LayersModel, selector: LayerSelector = {}): PrunableWeight[] {
  requireLayersModel(model, 'findPrunableWeights');
  const result: PrunableWeight[] = [];
  for (const { layer, path } of walkLayers(model)) {
    const layerClass = layer.getClassName();
    const spec = prunableLayerSpec(layerClass);
    if (spec === undefined || !isSelected(layer.name, layerClass, selector)) continue;
    requireNamedWeights(layer, path, layerClass, spec);
    // A frozen layer lists its weights as non-trainable (and a layer may freeze one weight alone).
    const trainable = new Set(layer.trainableWeights);
    for (const layerVariable of layer.weights) {
      const weight = shortName(layerVariable.originalName);
      const weightSpec = spec.weights.find((w) => w.name === weight);
      if (weightSpec === undefined) continue;
      const frozen = !trainable.has(layerVariable);
      if (selector.trainable !== undefined && selector.trainable === frozen) continue;
      const variable = layerVariable.read() as tf.Variable;
      result.push({
        layer: layer.name,
        path,
        layerClass,
        weight,
        shape: [...variable.shape],
        size: variable.size,
        variable,
        ...(weightSpec.unitAxis === undefined ? {} : { units: { axis: weightSpec.unitAxis } }),
        ...(frozen ? { frozen } : {}),
      });
    }
  }
  return result;
}

/** Throws unless `model` is a tf.LayersModel; `caller` names the function in the message. */
export function requireLayersModel(model: unknown, caller: string): asserts model is tfl.LayersModel {
  if (model instanceof tfl.LayersModel) return;
  throw new LayerRegistryError(
    'NOT_A_LAYERS_MODEL',
    `${caller}: expected a tf.LayersModel (from @tensorflow/tfjs-layers), got ${describe(model)}. ` +
      'Graph models from tf.loadGraphModel cannot be trained, so they cannot be pruned: prune (and compact) the ' +
      'Layers model (tf.loadLayersModel) the graph model was converted from, then convert the result.',
  );
}

/**
 * A registered spec naming a weight the layer does not have would silently prune nothing: the
 * classic way to train for hours and ship a dense model. (Every built-in layer has its weights.)
 */
function requireNamedWeights(layer: tfl.layers.Layer, path: string, layerClass: string, spec: PrunableLayerSpec): void {
  if (!layer.built) return;
  const present = layer.weights.map((w) => shortName(w.originalName));
  const missing = spec.weights.filter((w) => !present.includes(w.name)).map((w) => `"${w.name}"`);
  if (missing.length === 0) return;
  throw new LayerRegistryError(
    'INVALID_LAYER_SPEC',
    `layer "${path}" (${layerClass}) has no weight named ${missing.join(', ')}, which its prunable-layer spec lists; ` +
      `its weights are ${present.length === 0 ? '(none)' : present.map((p) => `"${p}"`).join(', ')}`,
  );
}

function isSelected(name: string, layerClass: string, selector: LayerSelector): boolean {
  if (selector.classes !== undefined && !selector.classes.includes(layerClass)) return false;
  if (selector.include !== undefined && !matchesAnyGlob(name, selector.include)) return false;
  if (selector.exclude !== undefined && matchesAnyGlob(name, selector.exclude)) return false;
  return true;
}

/** `kernel` from `dense_1/kernel`: the name a weight has within its layer. */
export function shortName(originalName: string): string {
  const slash = originalName.lastIndexOf('/');
  return slash === -1 ? originalName : originalName.slice(slash + 1);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return ctor === undefined ? 'an object' : `an instance of ${ctor}`;
}
