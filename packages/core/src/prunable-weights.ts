import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { matchesAnyGlob } from './glob.js';

/**
 * Which weights of each layer class carry the connections worth pruning. Biases and
 * normalization parameters are left alone: they are a rounding error of the parameter count
 * and pruning them hurts accuracy far more than it saves (Han et al. 2015 prune only weights).
 */
export const PRUNABLE_WEIGHTS_BY_CLASS: Readonly<Record<string, readonly string[]>> = {
  Dense: ['kernel'],
  Conv1D: ['kernel'],
  Conv2D: ['kernel'],
  Conv3D: ['kernel'],
  Conv2DTranspose: ['kernel'],
  SeparableConv2D: ['depthwise_kernel', 'pointwise_kernel'],
  DepthwiseConv2D: ['depthwise_kernel'],
  Embedding: ['embeddings'],
  LSTM: ['kernel', 'recurrent_kernel'],
  GRU: ['kernel', 'recurrent_kernel'],
  SimpleRNN: ['kernel', 'recurrent_kernel'],
};

/**
 * Kernels whose last axis (or, for `Conv2DTranspose`, whose second-to-last axis) holds whole
 * output units: neurons, filters. Only these can be pruned with the "structured" granularity;
 * recurrent kernels interleave four gates per unit, embeddings have no units, and a depthwise
 * kernel's channels are not the layer's outputs.
 */
const UNIT_AXIS_BY_CLASS: Readonly<Record<string, Readonly<Record<string, -1 | -2>>>> = {
  Dense: { kernel: -1 },
  Conv1D: { kernel: -1 },
  Conv2D: { kernel: -1 },
  Conv3D: { kernel: -1 },
  // tfjs stores transposed-convolution kernels as [kh, kw, filters, inChannels].
  Conv2DTranspose: { kernel: -2 },
  SeparableConv2D: { pointwise_kernel: -1 },
};

/** Where a kernel's output units are, and the bias whose entries follow them. */
export interface UnitLayout {
  /** Axis of the output units: -1, or -2 for `Conv2DTranspose` kernels. */
  readonly axis: -1 | -2;
  /** The layer's bias (one entry per unit), or undefined when the layer has none. */
  readonly bias: tf.Variable | undefined;
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
}

export interface LayerSelector {
  /** Layer-name globs to take. Omitted: every layer. */
  readonly include?: readonly string[] | undefined;
  /** Layer-name globs to leave out, applied after `include`. */
  readonly exclude?: readonly string[] | undefined;
  /** tfjs class names (`Dense`, `Conv2D`, ...). Omitted: every prunable class. */
  readonly classes?: readonly string[] | undefined;
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

/** The prunable weights of `model`, in layer order, filtered by `selector`. */
export function findPrunableWeights(model: tfl.LayersModel, selector: LayerSelector = {}): PrunableWeight[] {
  if (!(model instanceof tfl.LayersModel)) {
    throw new TypeError(
      `expected a tf.LayersModel (from @tensorflow/tfjs-layers), got ${describe(model)}. ` +
        'Graph models from tf.loadGraphModel cannot be trained, so they cannot be pruned.',
    );
  }
  const result: PrunableWeight[] = [];
  for (const { layer, path } of walkLayers(model)) {
    const layerClass = layer.getClassName();
    const weightNames = PRUNABLE_WEIGHTS_BY_CLASS[layerClass];
    if (weightNames === undefined || !isSelected(layer.name, layerClass, selector)) continue;
    const bias = layer.trainableWeights.find((w) => shortName(w.originalName) === 'bias')?.read() as tf.Variable | undefined;
    for (const layerVariable of layer.trainableWeights) {
      const weight = shortName(layerVariable.originalName);
      if (!weightNames.includes(weight)) continue;
      const variable = layerVariable.read() as tf.Variable;
      const unitAxis = UNIT_AXIS_BY_CLASS[layerClass]?.[weight];
      result.push({
        layer: layer.name,
        path,
        layerClass,
        weight,
        shape: [...variable.shape],
        size: variable.size,
        variable,
        ...(unitAxis === undefined ? {} : { units: { axis: unitAxis, bias } }),
      });
    }
  }
  return result;
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
