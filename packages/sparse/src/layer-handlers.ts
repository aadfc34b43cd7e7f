import type * as tfl from '@tensorflow/tfjs-layers';
import { isSupportedActivation } from './activations.js';
import { type Affine, batchNormAffine } from './batch-norm-affine.js';
import { activationOp, affineOp, flattenOp, identityOp, mapOp } from './elementwise-ops.js';
import { matmulOp, type ResidentMatrix } from './matmul-op.js';
import type { ResolvedOptions, SparseFormat } from './options.js';
import type { OwnOp } from './runtime.js';

type Layer = tfl.layers.Layer;

/** What planning decided for one call of a layer. */
export type LayerPlan =
  | {
      readonly op: OwnOp;
      readonly runs: 'sparse' | 'dense-kernel' | 'own';
      readonly format?: SparseFormat;
      readonly sparsity?: number;
      readonly foldedInto?: string;
    }
  | { readonly op: null; readonly reason: string };

export interface HandlerContext {
  readonly layer: Layer;
  /** Shapes of this call's inputs, batch (null) first. */
  readonly inputShapes: readonly (readonly (number | null)[])[];
  readonly options: ResolvedOptions;
  /** Set when this call's work is done by the named Dense/Conv2D's kernel (see fusion.ts). */
  readonly foldedInto?: string;
  /** Set on a Dense/Conv2D whose following BatchNormalization and relu/relu6 it absorbs. */
  readonly epilogue?: Epilogue;
  /** Packs a [inputs, outputs] kernel once per layer (shared layers reuse it). */
  matrix(weights: Float32Array, bias: Float32Array | null, inputs: number, outputs: number, affine: Affine | null): ResidentMatrix;
}

/** What a linear Dense/Conv2D absorbs from the calls after it. */
export interface Epilogue {
  readonly affine: Affine | null;
  readonly activation: 'relu' | 'relu6' | null;
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
  const matrix = context.matrix(kernel!, useBias ? bias! : null, inputs, outputs, context.epilogue?.affine ?? null);
  activation = context.epilogue?.activation ?? activation;
  const { format } = matrix.packed;
  return {
    op: matmulOp(matrix, activation),
    runs: format === 'dense' ? 'dense-kernel' : 'sparse',
    format,
    sparsity: matrix.sparsity,
  };
}

/** What a Dense or 1x1 Conv2D call multiplies, or why it is not a product we run. */
export interface MatmulShape {
  readonly inputs: number;
  readonly outputs: number;
  readonly useBias: boolean;
  readonly activation: string;
}

export function matmulShape(layer: Layer, inputShapes: readonly (readonly (number | null)[])[]): MatmulShape | string {
  if (inputShapes.length !== 1) return `${inputShapes.length} inputs`;
  const shape = inputShapes[0]!;
  const c = config(layer);
  const cls = layer.getClassName();
  if (cls === 'Conv2D') {
    if (!allOnes(c['kernelSize'])) return `kernel ${JSON.stringify(c['kernelSize'])} is not 1x1`;
    if (!allOnes(c['strides'])) return `strides ${JSON.stringify(c['strides'])} are not 1`;
    if (!allOnes(c['dilationRate'] ?? 1)) return `dilation ${JSON.stringify(c['dilationRate'])} is not 1`;
    if (c['dataFormat'] === 'channelsFirst') return 'channelsFirst data format';
  }
  const inputs = shape[shape.length - 1];
  if (typeof inputs !== 'number') return 'the last input dimension is unknown';
  return {
    inputs,
    outputs: (cls === 'Conv2D' ? c['filters'] : c['units']) as number,
    useBias: c['useBias'] !== false,
    activation: String(c['activation'] ?? 'linear'),
  };
}

const allOnes = (value: unknown) => (Array.isArray(value) ? value : [value]).every((v) => v === 1);

/** Dense on any rank and 1x1 convolutions (channels last) alike: both multiply the last axis. */
const matmul: Handler = (context) => {
  const shape = matmulShape(context.layer, context.inputShapes);
  if (typeof shape === 'string') return fallback(shape);
  return matmulPlan(context, shape.inputs, shape.outputs, shape.useBias, shape.activation);
};

const batchNormalization: Handler = (context) => {
  if (context.foldedInto !== undefined) return { op: identityOp, runs: 'own', foldedInto: context.foldedInto };
  const shape = singleInput(context);
  if (typeof shape === 'string') return fallback(shape);
  const affine = batchNormAffine(context.layer, shape.length);
  if (typeof affine === 'string') return fallback(affine);
  return { op: affineOp(affine.scale, affine.shift), runs: 'own' };
};

const activationLayer: Handler = (context) => {
  if (context.foldedInto !== undefined) return { op: identityOp, runs: 'own', foldedInto: context.foldedInto };
  const name = String(config(context.layer)['activation']);
  if (!isSupportedActivation(name)) return fallback(`activation "${name}" is not one of ours`);
  return { op: activationOp(name), runs: 'own' };
};

const reluLayer: Handler = (context) => {
  if (context.foldedInto !== undefined) return { op: identityOp, runs: 'own', foldedInto: context.foldedInto };
  const max = config(context.layer)['maxValue'];
  if (max === null || max === undefined) return { op: activationOp('relu'), runs: 'own' };
  const m = max as number;
  return { op: mapOp((v) => (v > 0 ? (v < m ? v : m) : 0)), runs: 'own' };
};

const leakyReluLayer: Handler = (context) => {
  const alpha = config(context.layer)['alpha'] as number;
  return { op: mapOp((v) => (v > 0 ? v : alpha * v)), runs: 'own' };
};

const eluLayer: Handler = (context) => {
  const alpha = config(context.layer)['alpha'];
  // tfjs-layers itself implements only alpha 1 (K.elu throws otherwise); that error stays tfjs's.
  return alpha === 1 || alpha === undefined ? { op: activationOp('elu'), runs: 'own' } : fallback(`ELU alpha ${String(alpha)} is not 1`);
};

const thresholdedReluLayer: Handler = (context) => {
  const theta = config(context.layer)['theta'] as number;
  return { op: mapOp((v) => (v > theta ? v : 0)), runs: 'own' };
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
  Dense: matmul,
  Conv2D: matmul,
  BatchNormalization: batchNormalization,
  Activation: activationLayer,
  ReLU: reluLayer,
  LeakyReLU: leakyReluLayer,
  ELU: eluLayer,
  ThresholdedReLU: thresholdedReluLayer,
  Softmax: softmaxLayer,
  Flatten: flatten,
  // Identity at inference, which is all predict does.
  Dropout: identity,
  SpatialDropout1D: identity,
  GaussianNoise: identity,
  GaussianDropout: identity,
  AlphaDropout: identity,
};
