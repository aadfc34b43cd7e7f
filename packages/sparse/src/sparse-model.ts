import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Kernels } from './kernels.js';
import type { LayerCall } from './model-graph.js';
import { type HeapValue, type OwnOp, Runtime } from './runtime.js';
import { SparsifyError } from './sparsify-error.js';
import type { SparsifyReport } from './sparsify-report.js';

/** A layer call with what runs it: our op, or null for the layer's own tfjs ops. */
export interface PlannedCall extends LayerCall {
  readonly op: OwnOp | null;
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
    private readonly calls: readonly PlannedCall[],
    kernels: Kernels,
    readonly report: SparsifyReport,
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

  predict(x: tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
    const kernels = this.kernels;
    if (kernels === null) throw new SparsifyError('SPARSIFY_DISPOSED', 'SparseModel.predict: this SparseModel was disposed');
    const xs = Array.isArray(x) ? x : [x];
    this.checkInputs(xs);
    kernels.heap.rewind(this.scratch);
    const runtime = new Runtime(kernels);
    return tf.tidy(() => {
      const slots = new Map<number, Slot>();
      this.model.inputs.forEach((input, i) => slots.set(input.id, { tensor: xs[i]! }));
      const heapOf = (id: number): HeapValue => {
        const slot = slots.get(id)!;
        if (slot.heap === undefined) slot.heap = runtime.fromData(slot.tensor!.dataSync(), slot.tensor!.shape);
        return slot.heap;
      };
      const tensorOf = (id: number): tf.Tensor => {
        const slot = slots.get(id)!;
        if (slot.tensor === undefined) slot.tensor = tf.tensor(runtime.toData(slot.heap!), [...slot.heap!.shape], 'float32');
        return slot.tensor;
      };
      for (const call of this.calls) {
        if (call.op !== null) {
          const out = call.op.run(call.inputs.map((t) => heapOf(t.id)), runtime);
          slots.set(call.outputs[0]!.id, { heap: out });
          continue;
        }
        const inputs = call.inputs.map((t) => tensorOf(t.id));
        const result = call.layer.apply(inputs.length === 1 ? inputs[0]! : inputs, { training: false }) as tf.Tensor | tf.Tensor[];
        const outs = Array.isArray(result) ? result : [result];
        call.outputs.forEach((t, i) => slots.set(t.id, { tensor: outs[i]! }));
      }
      const outputs = this.model.outputs.map((t) => tensorOf(t.id));
      return outputs.length === 1 ? outputs[0]! : outputs;
    });
  }

  /** Frees the kernels' memory (the whole wasm instance); the model given to sparsify is untouched. */
  dispose(): void {
    this.kernels = null;
  }

  private checkInputs(xs: readonly tf.Tensor[]): void {
    const expected = this.model.inputs;
    if (xs.length !== expected.length) {
      throw new SparsifyError('SPARSIFY_BAD_INPUT', `SparseModel.predict: the model takes ${expected.length} input(s) (got ${xs.length})`);
    }
    xs.forEach((t, i) => {
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
