import type { PrunableLayerSpec } from './prunable-layer-spec.js';

/**
 * The tfjs layer classes pruning knows out of the box. Biases and normalization parameters are
 * left alone: they are a rounding error of the parameter count and pruning them hurts accuracy
 * far more than it saves (Han et al. 2015 prune only weights).
 *
 * `@tfjs-prune/schedules` keeps the class names as a plain enum (it must not import tfjs);
 * `packages/callbacks/test/registry-contract.test.ts` holds it to this table.
 */
export const builtinPrunableLayers: Readonly<Record<string, PrunableLayerSpec>> = Object.freeze({
  Dense: { weights: [{ name: 'kernel', unitAxis: -1 }] },
  Conv1D: { weights: [{ name: 'kernel', unitAxis: -1 }] },
  Conv2D: { weights: [{ name: 'kernel', unitAxis: -1 }] },
  Conv3D: { weights: [{ name: 'kernel', unitAxis: -1 }] },
  // tfjs stores transposed-convolution kernels as [kh, kw, filters, inChannels].
  Conv2DTranspose: { weights: [{ name: 'kernel', unitAxis: -2 }] },
  SeparableConv2D: { weights: [{ name: 'depthwise_kernel' }, { name: 'pointwise_kernel', unitAxis: -1 }] },
  DepthwiseConv2D: { weights: [{ name: 'depthwise_kernel' }] },
  Embedding: { weights: [{ name: 'embeddings' }] },
  LSTM: { weights: [{ name: 'kernel' }, { name: 'recurrent_kernel' }] },
  GRU: { weights: [{ name: 'kernel' }, { name: 'recurrent_kernel' }] },
  SimpleRNN: { weights: [{ name: 'kernel' }, { name: 'recurrent_kernel' }] },
});
