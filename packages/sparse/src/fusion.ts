import type * as tfl from '@tensorflow/tfjs-layers';
import { batchNormAffine } from './batch-norm-affine.js';
import { type Epilogue, matmulShape } from './layer-handlers.js';
import type { LayerCall } from './model-graph.js';

/** Which calls a Dense/Conv2D kernel absorbs: its epilogue, and for each absorbed call, by whom. */
export interface Fusion {
  readonly epilogues: ReadonlyMap<LayerCall, Epilogue>;
  readonly absorbed: ReadonlyMap<LayerCall, string>;
}

/**
 * A linear Dense or 1x1 Conv2D followed by BatchNormalization and/or relu/relu6 computes all of
 * it in one kernel pass: BN folds into the packed weights and bias (zeros stay zeros), the
 * activation into the kernel's store. Only when each tensor in between feeds nothing else and is
 * no model output, and the Dense/Conv2D layer is called once (its packed weights are per layer).
 */
export function planFusion(model: tfl.LayersModel, calls: readonly LayerCall[]): Fusion {
  const uses = new Map<number, number>();
  const count = (id: number) => uses.set(id, (uses.get(id) ?? 0) + 1);
  for (const call of calls) for (const t of call.inputs) count(t.id);
  for (const t of model.outputs) count(t.id);
  const consumer = new Map<number, LayerCall>();
  for (const call of calls) if (call.inputs.length === 1) consumer.set(call.inputs[0]!.id, call);
  const callsOf = new Map<tfl.layers.Layer, number>();
  for (const call of calls) callsOf.set(call.layer, (callsOf.get(call.layer) ?? 0) + 1);
  /** The one call reading `call`'s single output, if it is read once and is no model output. */
  const soleNext = (call: LayerCall): LayerCall | undefined => {
    if (call.outputs.length !== 1) return undefined;
    const id = call.outputs[0]!.id;
    return uses.get(id) === 1 ? consumer.get(id) : undefined;
  };

  const epilogues = new Map<LayerCall, Epilogue>();
  const absorbed = new Map<LayerCall, string>();
  for (const call of calls) {
    const cls = call.layer.getClassName();
    if ((cls !== 'Dense' && cls !== 'Conv2D') || callsOf.get(call.layer) !== 1) continue;
    const shape = matmulShape(call.layer, call.inputs.map((t) => t.shape));
    if (typeof shape === 'string' || shape.activation !== 'linear') continue;
    let tail = call;
    let next = soleNext(tail);
    let affine = null;
    if (next !== undefined && next.layer.getClassName() === 'BatchNormalization') {
      const a = batchNormAffine(next.layer, next.inputs[0]!.shape.length);
      if (typeof a !== 'string') {
        affine = a;
        absorbed.set(next, call.layer.name);
        tail = next;
        next = soleNext(tail);
      }
    }
    const activation = next === undefined ? null : reluOf(next.layer);
    if (activation !== null) absorbed.set(next!, call.layer.name);
    if (affine !== null || activation !== null) epilogues.set(call, { affine, activation });
  }
  return { epilogues, absorbed };
}

/** 'relu' or 'relu6' when the layer is exactly that activation, else null. */
function reluOf(layer: tfl.layers.Layer): 'relu' | 'relu6' | null {
  const c = layer.getConfig() as Record<string, unknown>;
  switch (layer.getClassName()) {
    case 'Activation':
      return c['activation'] === 'relu' || c['activation'] === 'relu6' ? c['activation'] : null;
    case 'ReLU':
      return c['maxValue'] === null || c['maxValue'] === undefined ? 'relu' : c['maxValue'] === 6 ? 'relu6' : null;
    default:
      return null;
  }
}
