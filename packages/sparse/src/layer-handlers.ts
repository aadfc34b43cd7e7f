import type * as tfl from '@tensorflow/tfjs-layers';
import { isSupportedActivation } from './activations.js';
import { activationOp, affineOp, flattenOp, identityOp, mapOp } from './elementwise-ops.js';
import { matmulOp, type ResidentMatrix } from './matmul-op.js';
import type { ResolvedOptions, SparseFormat } from './options.js';
import type { OwnOp } from './runtime.js';

type Layer = tfl.layers.Layer;

/** What planning decided for one call of a layer. */
export type LayerPlan =
  | { readonly op: OwnOp; readonly runs: 'sparse' | 'dense-kernel' | 'own'; readonly format?: SparseFormat; readonly sparsity?: number }
  | { readonly op: null; readonly reason: string };

export interface HandlerContext {
  readonly layer: Layer;
  /** Shapes of this call's inputs, batch (null) first. */
  readonly inputShapes: readonly (readonly (number | null)[])[];
  readonly options: ResolvedOptions;
  /** Packs a [inputs, outputs] kernel once per layer (shared layers reuse it). */
  matrix(weights: Float32Array, bias: Float32Array | null, inputs: number, outputs: number): ResidentMatrix;
}

type Handler = (context: HandlerContext) => LayerPlan;

const fallback = (reason: string): LayerPlan => ({ op: null, reason });

function config(layer: Layer): Record<string, unknown> {
  return layer.getConfig() as Record<string, unknown>;
}

function lastAxisIsMinusOne(axis: unknown, rank: number): boolean {
  const a = Array.isArray(axis) ? (axis.length === 1 ? axis[0] : undefined) : axis;
  return a === -1 || a === rank - 1;
}

function weightData(layer: Layer): Float32Array[] {
  // read() returns the variable itself (no new tensor); dataSync copies nothing we then write to.
  return layer.weights.map((w) => w.read().dataSync() as Float32Array);
}

function singleInput(context: HandlerContext): readonly (number | null)[] | string {
  if (context.inputShapes.length !== 1) return `${context.inputShapes.length} inputs`;
  return context.inputShapes[0]!;
}

function matmulPlan(context: HandlerContext, inputs: number, outputs: number, useBias: boolean, activation: string): LayerPlan {
  if (!isSupportedActivation(activation)) return fallback(`activation "${activation}" is not one of ours`);
  const [kernel, bias] = weightData(context.layer);
  const matrix = context.matrix(kernel!, useBias ? bias! : null, inputs, outputs);
  const { format } = matrix.packed;
  return {
    op: matmulOp(matrix, activation),
    runs: format === 'dense' ? 'dense-kernel' : 'sparse',
    format,
    sparsity: matrix.sparsity,
  };
}

const dense: Handler = (context) => {
  const shape = singleInput(context);
  if (typeof shape === 'string') return fallback(shape);
  const c = config(context.layer);
  const inputs = shape[shape.length - 1];
  if (typeof inputs !== 'number') return fallback('the last input dimension is unknown');
  return matmulPlan(context, inputs, c['units'] as number, c['useBias'] !== false, String(c['activation'] ?? 'linear'));
};

const allOnes = (value: unknown) => (Array.isArray(value) ? value : [value]).every((v) => v === 1);

const conv2d: Handler = (context) => {
  const shape = singleInput(context);
  if (typeof shape === 'string') return fallback(shape);
  const c = config(context.layer);
  if (!allOnes(c['kernelSize'])) return fallback(`kernel ${JSON.stringify(c['kernelSize'])} is not 1x1`);
  if (!allOnes(c['strides'])) return fallback(`strides ${JSON.stringify(c['strides'])} are not 1`);
  if (!allOnes(c['dilationRate'] ?? 1)) return fallback(`dilation ${JSON.stringify(c['dilationRate'])} is not 1`);
  if (c['dataFormat'] === 'channelsFirst') return fallback('channelsFirst data format');
  const inputs = shape[shape.length - 1];
  if (typeof inputs !== 'number') return fallback('the channel count is unknown');
  return matmulPlan(context, inputs, c['filters'] as number, c['useBias'] !== false, String(c['activation'] ?? 'linear'));
};

const batchNormalization: Handler = (context) => {
  const shape = singleInput(context);
  if (typeof shape === 'string') return fallback(shape);
  const c = config(context.layer);
  if (!lastAxisIsMinusOne(c['axis'], shape.length)) return fallback(`axis ${JSON.stringify(c['axis'])} is not the last`);
  const weights = weightData(context.layer);
  const gamma = c['scale'] !== false ? weights.shift()! : null;
  const beta = c['center'] !== false ? weights.shift()! : null;
  const [mean, variance] = weights;
  const epsilon = c['epsilon'] as number;
  const channels = mean!.length;
  const scale = new Float32Array(channels);
  const shift = new Float32Array(channels);
  for (let i = 0; i < channels; i++) {
    scale[i] = (gamma?.[i] ?? 1) / Math.sqrt(variance![i]! + epsilon);
    shift[i] = (beta?.[i] ?? 0) - mean![i]! * scale[i]!;
  }
  return { op: affineOp(scale, shift), runs: 'own' };
};

const activationLayer: Handler = (context) => {
  const name = String(config(context.layer)['activation']);
  if (!isSupportedActivation(name)) return fallback(`activation "${name}" is not one of ours`);
  return { op: activationOp(name), runs: 'own' };
};

const reluLayer: Handler = (context) => {
  const max = config(context.layer)['maxValue'];
  if (max === null || max === undefined) return { op: activationOp('relu'), runs: 'own' };
  const m = max as number;
  return { op: mapOp((v) => (v > 0 ? (v < m ? v : m) : 0)), runs: 'own' };
};

const leakyReluLayer: Handler = (context) => {
  const alpha = config(context.layer)['alpha'] as number;
  return { op: mapOp((v) => (v > 0 ? v : alpha * v)), runs: 'own' };
};

const softmaxLayer: Handler = (context) => {
  const shape = singleInput(context);
  if (typeof shape === 'string') return fallback(shape);
  const axis = config(context.layer)['axis'];
  if (!lastAxisIsMinusOne(axis, shape.length)) return fallback(`axis ${JSON.stringify(axis)} is not the last`);
  return { op: activationOp('softmax'), runs: 'own' };
};

const flatten: Handler = (context) => {
  if (config(context.layer)['dataFormat'] === 'channelsFirst') return fallback('channelsFirst data format');
  return { op: flattenOp, runs: 'own' };
};

const identity: Handler = () => ({ op: identityOp, runs: 'own' });

/** One handler per layer class; a class not listed runs as tfjs ops. */
export const layerHandlers: Readonly<Record<string, Handler>> = {
  Dense: dense,
  Conv2D: conv2d,
  BatchNormalization: batchNormalization,
  Activation: activationLayer,
  ReLU: reluLayer,
  LeakyReLU: leakyReluLayer,
  Softmax: softmaxLayer,
  Flatten: flatten,
  // Identity at inference, which is all predict does.
  Dropout: identity,
  SpatialDropout1D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
};
