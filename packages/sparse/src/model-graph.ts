import type * as tfl from '@tensorflow/tfjs-layers';

type Layer = tfl.layers.Layer;
type SymbolicTensor = tfl.SymbolicTensor;

/** One call of a layer: which symbolic tensors it reads and writes. */
export interface LayerCall {
  readonly layer: Layer;
  readonly inputs: readonly SymbolicTensor[];
  readonly outputs: readonly SymbolicTensor[];
}

/**
 * The layer calls that produce the model's outputs, each after the calls it reads from, found by
 * walking inbound nodes back from the outputs (Sequential and functional models alike; a shared
 * layer appears once per call; InputLayers are left out, their tensors being the model's inputs).
 */
export function layerCalls(model: tfl.LayersModel): LayerCall[] {
  const inputIds = new Set(model.inputs.map((t) => t.id));
  const done = new Set<number>();
  const order: LayerCall[] = [];
  const visit = (tensor: SymbolicTensor): void => {
    if (inputIds.has(tensor.id) || done.has(tensor.id)) return;
    const node = tensor.sourceLayer.inboundNodes[tensor.nodeIndex]!;
    for (const input of node.inputTensors) visit(input);
    for (const output of node.outputTensors) done.add(output.id);
    order.push({ layer: tensor.sourceLayer, inputs: node.inputTensors, outputs: node.outputTensors });
  };
  for (const output of model.outputs) visit(output);
  return order;
}
