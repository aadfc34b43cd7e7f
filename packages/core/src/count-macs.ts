import * as tfl from '@tensorflow/tfjs-layers';

import { CountMacsError } from './errors/count-macs-error.js';
import { builtinLayers } from './layers/builtin-layers.js';
import type { MacShape } from './layers/handlers/macs.js';
import { customLayerClasses, layerHandlerFor } from './layers/layer-registry.js';
import { shortName } from './prunable-weights.js';

export { CountMacsError, type CountMacsErrorCode } from './errors/count-macs-error.js';

export interface MacCount {
  /** Multiply-accumulates for one example at inference, summed over every layer. */
  readonly total: number;
  /** Every layer that is not itself a model, in model order; nested layers as `outer/inner`. */
  readonly perLayer: { layer: string; macs: number }[];
}

/**
 * Multiply-accumulates of one example through `model` at inference, per layer: exact for `Dense`,
 * `Conv1D/2D/3D`, `Conv2DTranspose`, `DepthwiseConv2D`, `SeparableConv2D` (depthwise and
 * pointwise), and `SimpleRNN`/`LSTM`/`GRU` (per timestep times the timesteps). Pooling,
 * normalization, activations, merges (`Add`, `Concatenate`, ...), `Embedding` and every other
 * weightless layer count 0. Nested models are walked and counted once per call; a layer called
 * twice counts twice.
 *
 * Throws a {@link CountMacsError} rather than guess: `MACS_UNKNOWN_LAYER` for a layer with
 * weights that no rule covers (a custom layer registered without `macs`, a wrapper such as
 * `Bidirectional`), and
 * `MACS_UNKNOWN_SHAPE` when a counted dimension is not fixed (e.g. an input of shape
 * `[null, null, 3]`).
 */
export function countMacs(model: tfl.LayersModel): MacCount {
  const perLayer: { layer: string; macs: number }[] = [];
  const visit = (container: tfl.LayersModel, prefix: string, calls: number): void => {
    for (const layer of container.layers) {
      const path = prefix === '' ? layer.name : `${prefix}/${layer.name}`;
      if (layer instanceof tfl.LayersModel) {
        visit(layer, path, calls * Math.max(1, appliedCalls(layer).length));
        continue;
      }
      perLayer.push({ layer: path, macs: calls * layerMacs(layer, path) });
    }
  };
  visit(model, '', 1);
  return { total: perLayer.reduce((sum, l) => sum + l.macs, 0), perLayer };
}

function layerMacs(layer: tfl.layers.Layer, path: string): number {
  const className = layer.getClassName();
  const rule = layerHandlerFor(className)?.macs;
  if (rule === undefined) {
    if (layer.weights.length === 0) return 0;
    throw new CountMacsError(
      'MACS_UNKNOWN_LAYER',
      `countMacs: layer "${path}" (${className}) has weights but no MAC rule; counted classes are ${countedClasses().join(', ')}`,
    );
  }
  const sizes: Record<string, number> = {};
  for (const w of layer.weights) sizes[shortName(w.originalName)] = w.shape.reduce<number>((a, b) => a * (b ?? 0), 1);
  const channelsFirst = (layer.getConfig() as { dataFormat?: string }).dataFormat === 'channelsFirst';
  return appliedCalls(layer).reduce((sum, call) => sum + rule({ sizes, ...call, channelsFirst, layer: path }), 0);
}

/** The classes whose handler (`registerLayer`) has a MAC rule, in table order. */
function countedClasses(): string[] {
  return [...Object.keys(builtinLayers), ...customLayerClasses()].filter((name) => layerHandlerFor(name)?.macs !== undefined);
}

/** The shapes of every call of `layer` on symbolic inputs (an InputLayer's own node has none). */
function appliedCalls(layer: tfl.layers.Layer): { input: MacShape; output: MacShape }[] {
  return layer.inboundNodes
    .filter((node) => node.inboundLayers.length > 0)
    .map((node) => ({ input: firstShape(node.inputShapes), output: firstShape(node.outputShapes) }));
}

function firstShape(shapes: MacShape | MacShape[]): MacShape {
  return (Array.isArray(shapes[0]) ? shapes[0] : shapes) as MacShape;
}

