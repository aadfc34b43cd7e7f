import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Kernels } from './kernels.js';
import type { LayerCall } from './model-graph.js';
import { type HeapValue, type OwnOp, Runtime } from './runtime.js';
import { SparsifyError } from './sparsify-error.js';
import type { SparsifyReport } from './sparsify-report.js';
import { tensorData } from './tensor-data.js';

/**
 * A layer call with what runs it: our op; or, for a nested model, its own planned calls (run in
 * place, so its layers get our kernels too); or neither: the layer's own tfjs ops.
 */
export interface PlannedCall extends LayerCall {
  readonly op: OwnOp | null;
  readonly nested?: { readonly model: tfl.LayersModel; readonly calls: readonly PlannedCall[] };
}

interface Slot {
  tensor?: tf.Tensor;
  heap?: HeapValue;
}

/** A pruned LayersModel packed for sparse inference; predict takes and returns what model.predict does. */
export class SparseModel {
  private kernels: Kernels | null;
  private readonly scratch: number;

  /** @internal Made by `sparsify`. */
  constructor(
    private readonly model: tfl.LayersModel,
    private calls: readonly PlannedCall[],
    kernels: Kernels,
    readonly report: SparsifyReport,
    /** Run `model.predict` itself: the model carries masks, which only tfjs's execution passes on. */
    private readonly delegate = false,
  ) {
    this.kernels = kernels;
    this.scratch = kernels.heap.mark();
  }

  /** The model's input shapes, batch dimension null. */
  get inputs(): (number | null)[][] {
    return this.model.inputs.map((t) => [...t.shape]);
  }

  /** The model's output shapes, batch dimension null. */
  get outputs(): (number | null)[][] {
    return this.model.outputs.map((t) => [...t.shape]);
  }

  /** As `model.predict(x)`; `args` (batchSize, verbose) are accepted for drop-in use and change nothing. */
  predict(x: tf.Tensor | tf.Tensor[], args?: { batchSize?: number; verbose?: boolean }): tf.Tensor | tf.Tensor[] {
    void args;
    const kernels = this.kernels;
    if (kernels === null) throw new SparsifyError('SPARSIFY_DISPOSED', 'SparseModel.predict: this SparseModel was disposed');
    const xs = Array.isArray(x) ? x : [x];
    this.checkInputs(xs);
    if (this.delegate) return this.model.predict(xs.length === 1 ? xs[0]! : xs);
    kernels.heap.rewind(this.scratch);
    const runtime = new Runtime(kernels);
    return tf.tidy(() => {
      const slots = new Map<number, Slot>();
      this.model.inputs.forEach((input, i) => slots.set(input.id, { tensor: xs[i]! }));
      execute(this.calls, slots, runtime);
      const outputs = this.model.outputs.map((t) => tensorOf(slots.get(t.id)!, runtime));
      return outputs.length === 1 ? outputs[0]! : outputs;
    });
  }

  /** Frees the kernels' memory (the whole wasm instance); the model given to sparsify is untouched. */
  dispose(): void {
    this.kernels = null;
    this.calls = [];
  }

  private checkInputs(xs: readonly tf.Tensor[]): void {
    const expected = this.model.inputs;
    if (xs.length !== expected.length) {
      throw new SparsifyError('SPARSIFY_BAD_INPUT', `SparseModel.predict: the model takes ${expected.length} input(s) (got ${xs.length})`);
    }
    xs.forEach((t, i) => {
      if (!(t instanceof tf.Tensor)) {
        throw new SparsifyError('SPARSIFY_BAD_INPUT', `SparseModel.predict: input ${i} must be a tf.Tensor (got ${describe(t)})`);
      }
      const want = expected[i]!.shape;
      const ok = t.shape.length === want.length && want.every((d, j) => d === null || d === t.shape[j]);
      if (!ok) {
        throw new SparsifyError(
          'SPARSIFY_BAD_INPUT',
          `SparseModel.predict: input ${i} ("${expected[i]!.name}") must have shape ${JSON.stringify(want)} (got ${JSON.stringify(t.shape)})`,
        );
      }
    });
  }
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  return Array.isArray(value) ? 'an array' : `a ${(value as object).constructor?.name ?? 'object'}`;
}

function heapOf(slot: Slot, runtime: Runtime): HeapValue {
  slot.heap ??= runtime.fromData(tensorData(slot.tensor!), slot.tensor!.shape);
  return slot.heap;
}

function tensorOf(slot: Slot, runtime: Runtime): tf.Tensor {
  if (slot.tensor === undefined) {
    const view = runtime.toView(slot.heap!);
    // The wasm backend copies new tensor data into its own memory at once; others (cpu, webgl)
    // may keep the array given, so they get a copy of our heap, which the next predict reuses.
    const data = tf.getBackend() === 'wasm' ? view : new Float32Array(view);
    slot.tensor = tf.tensor(data, [...slot.heap!.shape], 'float32');
  }
  return slot.tensor;
}

/** Runs planned calls in order; each value is converted between tensor and heap only when needed. */
function execute(calls: readonly PlannedCall[], slots: Map<number, Slot>, runtime: Runtime): void {
  for (const call of calls) {
    if (call.op !== null) {
      const out = call.op.run(call.inputs.map((t) => heapOf(slots.get(t.id)!, runtime)), runtime);
      slots.set(call.outputs[0]!.id, { heap: out });
    } else if (call.nested !== undefined) {
      // The nested model's own tensors, bound to this call's: a model called twice runs twice.
      const inner = new Map<number, Slot>();
      call.nested.model.inputs.forEach((t, i) => inner.set(t.id, slots.get(call.inputs[i]!.id)!));
      execute(call.nested.calls, inner, runtime);
      call.nested.model.outputs.forEach((t, i) => slots.set(call.outputs[i]!.id, inner.get(t.id)!));
    } else {
      const inputs = call.inputs.map((t) => tensorOf(slots.get(t.id)!, runtime));
      const result = call.layer.apply(inputs.length === 1 ? inputs[0]! : inputs, { training: false }) as tf.Tensor | tf.Tensor[];
      const outs = Array.isArray(result) ? result : [result];
      call.outputs.forEach((t, i) => slots.set(t.id, { tensor: outs[i]! }));
    }
  }
}
