import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * STUB with the signature of core's `countMacs` (packages/core/src/count-macs.ts, written on the
 * h10-bench branch): the integrator replaces this file's one import site (./count-macs.ts) with
 * core's export and deletes this file. Counts multiply-accumulates per sample for Dense, Conv1D/2D/3D,
 * Conv2DTranspose, DepthwiseConv2D and SeparableConv2D; other layers count 0.
 */
export function countMacs(model: tfl.LayersModel): { total: number; perLayer: { layer: string; macs: number }[] } {
  const perLayer: { layer: string; macs: number }[] = [];
  const visit = (container: tfl.LayersModel, prefix: string) => {
    for (const layer of container.layers) {
      if ('layers' in layer && Array.isArray((layer as tfl.LayersModel).layers)) {
        visit(layer as tfl.LayersModel, `${prefix}${layer.name}/`);
        continue;
      }
      perLayer.push({ layer: `${prefix}${layer.name}`, macs: layerMacs(layer) });
    }
  };
  visit(model, '');
  return { total: perLayer.reduce((a, l) => a + l.macs, 0), perLayer };
}

const product = (dims: readonly (number | null)[]) => dims.reduce<number>((a, d) => a * (d ?? 1), 1);

function layerMacs(layer: tfl.layers.Layer): number {
  const kernel = layer.weights.find((w) => /(^|\/)kernel$/.test(w.originalName));
  const out = layer.outputShape as (number | null)[];
  switch (layer.getClassName()) {
    case 'Dense':
    case 'Conv1D':
    case 'Conv2D':
    case 'Conv3D':
      return kernel ? product(out.slice(1, -1)) * product(kernel.shape) : 0;
    case 'Conv2DTranspose': {
      const inShape = (layer as unknown as { inputShape?: (number | null)[] }).inputShape ?? [];
      return kernel ? product(inShape.slice(1, -1)) * product(kernel.shape) : 0;
    }
    case 'DepthwiseConv2D': {
      const depthwise = layer.weights.find((w) => w.originalName.endsWith('depthwise_kernel'));
      return depthwise ? product(out.slice(1, -1)) * product(depthwise.shape) : 0;
    }
    case 'SeparableConv2D': {
      const depthwise = layer.weights.find((w) => w.originalName.endsWith('depthwise_kernel'));
      const pointwise = layer.weights.find((w) => w.originalName.endsWith('pointwise_kernel'));
      return depthwise && pointwise ? product(out.slice(1, -1)) * (product(depthwise.shape) + product(pointwise.shape)) : 0;
    }
    default:
      return 0;
  }
}
