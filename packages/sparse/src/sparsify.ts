import type * as tfl from '@tensorflow/tfjs-layers';
import type { Kernels } from './kernels.js';
import { type Epilogue, type HandlerContext, type LayerPlan, layerHandlers } from './layer-handlers.js';
import type { Affine } from './batch-norm-affine.js';
import { planFusion } from './fusion.js';
import { makeResident, type ResidentMatrix } from './matmul-op.js';
import { layerCalls } from './model-graph.js';
import { resolveOptions, type ResolvedOptions, type SparsifyOptions } from './options.js';
import { chooseFormat, packMatrix, sparsityOf } from './pack.js';
import { referenceKernels } from './reference-kernels.js';
import { type PlannedCall, SparseModel } from './sparse-model.js';
import { SparsifyError } from './sparsify-error.js';
import type { LayerSparsity } from './sparsify-report.js';
import { wasmKernels } from './wasm-kernels.js';

/**
 * Packs a (pruned) LayersModel for sparse inference: Dense and 1x1 convolutions get a sparse,
 * block-sparse or dense SIMD kernel by their zero pattern, activations, BatchNormalization,
 * Flatten and Dropout run beside them, and every other layer runs as its own tfjs ops inside the
 * same predict. The model is only read, never changed.
 *
 * @example
 * const fast = await sparsify(prunedModel);
 * const y = fast.predict(x); // as prunedModel.predict(x), within float32 rounding
 * console.log(formatSparsifyReport(fast.report));
 * fast.dispose();
 */
export async function sparsify(model: tfl.LayersModel, options?: SparsifyOptions): Promise<SparseModel> {
  const resolved = resolveOptions(options);
  checkLayersModel(model);
  const kernels = resolved.kernels === 'wasm' ? await wasmKernels() : referenceKernels();
  const masking = maskingLayer(model);
  const planner: Planner = { options: resolved, kernels, matrices: new Map(), reported: new Set(), layers: [], masking };
  const calls = planModel(model, planner, '');
  const report = { layers: planner.layers, ownRuntime: allOwn(calls), kernels: resolved.kernels };
  return new SparseModel(model, calls, kernels, report, masking !== null);
}

interface Planner {
  readonly options: ResolvedOptions;
  readonly kernels: Kernels;
  readonly matrices: Map<tfl.layers.Layer, ResidentMatrix>;
  readonly reported: Set<tfl.layers.Layer>;
  readonly layers: LayerSparsity[];
  /** Set when the model carries masks: then every layer runs as tfjs ops (see maskingLayer). */
  readonly masking: string | null;
}

/** Plans a model's calls; a nested model's layers are planned in place, named `outer/inner`. */
function planModel(model: tfl.LayersModel, planner: Planner, prefix: string): PlannedCall[] {
  const ordered = layerCalls(model);
  const fusion = planFusion(model, ordered);
  return ordered.map((call) => {
    if (isNestedModel(call.layer) && planner.masking === null) {
      const inner = call.layer as unknown as tfl.LayersModel;
      return { ...call, op: null, nested: { model: inner, calls: planModel(inner, planner, `${prefix}${call.layer.name}/`) } };
    }
    const plan: LayerPlan =
      planner.masking !== null
        ? { op: null, reason: planner.masking }
        : planCall(
            call.layer,
            call.inputs.map((t) => t.shape),
            { epilogue: fusion.epilogues.get(call), foldedInto: fusion.absorbed.get(call) },
            planner.options,
            planner.kernels,
            planner.matrices,
          );
    if (!planner.reported.has(call.layer)) {
      planner.reported.add(call.layer);
      planner.layers.push(reportEntry(call.layer, plan, prefix));
    }
    return { ...call, op: plan.op };
  });
}

function allOwn(calls: readonly PlannedCall[]): boolean {
  return calls.every((c) => c.op !== null || (c.nested !== undefined && allOwn(c.nested.calls)));
}

function isNestedModel(layer: tfl.layers.Layer): boolean {
  const l = layer as unknown as Partial<tfl.LayersModel>;
  return Array.isArray(l.layers) && Array.isArray(l.inputs) && Array.isArray(l.outputs);
}

/**
 * Masks (from Embedding with maskZero, or a Masking layer) travel beside tensors only inside
 * tfjs's own execution, and change what RNNs and merges compute. Calling layers one by one would
 * drop them, so such a model runs entirely as tfjs ops: correct, not faster.
 */
function maskingLayer(model: tfl.LayersModel): string | null {
  const visit = (m: tfl.LayersModel): string | null => {
    for (const layer of m.layers) {
      const cls = layer.getClassName();
      const c = layer.getConfig() as Record<string, unknown>;
      if (cls === 'Masking' || (cls === 'Embedding' && c['maskZero'] === true)) return `the model carries masks (from ${layer.name})`;
      if (isNestedModel(layer)) {
        const inner = visit(layer as unknown as tfl.LayersModel);
        if (inner !== null) return inner;
      }
    }
    return null;
  };
  return visit(model);
}

function planCall(
  layer: tfl.layers.Layer,
  inputShapes: readonly (readonly (number | null)[])[],
  fused: { readonly epilogue: Epilogue | undefined; readonly foldedInto: string | undefined },
  options: ResolvedOptions,
  kernels: Kernels,
  matrices: Map<tfl.layers.Layer, ResidentMatrix>,
): LayerPlan {
  const className = layer.getClassName();
  const handler = layerHandlers[className];
  if (handler === undefined) return { op: null, reason: `no kernel for ${className}` };
  const context: HandlerContext = {
    layer,
    inputShapes,
    ...(fused.epilogue === undefined ? {} : { epilogue: fused.epilogue }),
    ...(fused.foldedInto === undefined ? {} : { foldedInto: fused.foldedInto }),
    options,
    matrix(kernel, kernelBias, inputs, outputs, affine) {
      let resident = matrices.get(layer);
      if (resident === undefined) {
        const sparsity = sparsityOf(kernel);
        const { weights, bias } = affine === null ? { weights: kernel, bias: kernelBias } : fold(kernel, kernelBias, outputs, affine);
        const format =
          options.format === 'auto'
            ? chooseFormat(weights, inputs, outputs, sparsity, options.minSparsity)
            : sparsity < options.minSparsity
              ? 'dense'
              : options.format;
        resident = makeResident(kernels, packMatrix(format, weights, bias, inputs, outputs), sparsity);
        matrices.set(layer, resident);
      }
      return resident;
    },
  };
  return handler(context);
}

/** W[k][o] * scale[o] and bias[o] * scale[o] + shift[o]: BatchNormalization after the product. */
function fold(kernel: Float32Array, bias: Float32Array | null, outputs: number, affine: Affine): { weights: Float32Array; bias: Float32Array } {
  const weights = new Float32Array(kernel.length);
  for (let i = 0; i < kernel.length; i++) weights[i] = kernel[i]! * affine.scale[i % outputs]!;
  const folded = new Float32Array(outputs);
  for (let o = 0; o < outputs; o++) folded[o] = (bias?.[o] ?? 0) * affine.scale[o]! + affine.shift[o]!;
  return { weights, bias: folded };
}

function reportEntry(layer: tfl.layers.Layer, plan: LayerPlan, prefix: string): LayerSparsity {
  const base = { name: prefix + layer.name, className: layer.getClassName() };
  if (plan.op === null) return { ...base, runs: 'tfjs', reason: plan.reason };
  return {
    ...base,
    runs: plan.runs,
    ...(plan.format === undefined ? {} : { format: plan.format }),
    ...(plan.sparsity === undefined ? {} : { sparsity: plan.sparsity }),
    ...(plan.foldedInto === undefined ? {} : { foldedInto: plan.foldedInto }),
  };
}

function checkLayersModel(model: unknown): void {
  const m = model as Partial<tfl.LayersModel> | null | undefined;
  if (m !== null && typeof m === 'object' && Array.isArray(m.layers) && Array.isArray(m.inputs) && Array.isArray(m.outputs)) return;
  const what =
    m === null || typeof m !== 'object'
      ? JSON.stringify(model) ?? String(model)
      : `a ${(m as object).constructor?.name ?? 'object'}`;
  const hint =
    typeof m === 'object' && m !== null && 'executeAsync' in m
      ? ': a GraphModel (tf.loadGraphModel) has no layers to pack; load the Keras-format model with tf.loadLayersModel'
      : '';
  throw new SparsifyError('SPARSIFY_NOT_LAYERS_MODEL', `sparsify: expected a tf.LayersModel (got ${what})${hint}`);
}
