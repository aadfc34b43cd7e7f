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
  const matrices = new Map<tfl.layers.Layer, ResidentMatrix>();
  const calls: PlannedCall[] = [];
  const layers: LayerSparsity[] = [];
  const reported = new Set<tfl.layers.Layer>();
  const ordered = layerCalls(model);
  const fusion = planFusion(model, ordered);
  for (const call of ordered) {
    const fused = { epilogue: fusion.epilogues.get(call), foldedInto: fusion.absorbed.get(call) };
    const plan = planCall(call.layer, call.inputs.map((t) => t.shape), fused, resolved, kernels, matrices);
    calls.push({ ...call, op: plan.op });
    if (reported.has(call.layer)) continue;
    reported.add(call.layer);
    layers.push(reportEntry(call.layer, plan));
  }
  const report = { layers, ownRuntime: calls.every((c) => c.op !== null), kernels: resolved.kernels };
  return new SparseModel(model, calls, kernels, report);
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
  if (handler === undefined) {
    const nested = 'layers' in layer && Array.isArray((layer as { layers?: unknown }).layers);
    return { op: null, reason: nested ? 'a nested model' : `no kernel for ${className}` };
  }
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

function reportEntry(layer: tfl.layers.Layer, plan: LayerPlan): LayerSparsity {
  const base = { name: layer.name, className: layer.getClassName() };
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
