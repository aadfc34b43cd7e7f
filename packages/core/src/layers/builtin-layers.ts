import { activation, prelu, softmax } from './handlers/activation.js';
import { conv, convTranspose } from './handlers/conv.js';
import { dense } from './handlers/dense.js';
import { depthwiseConv } from './handlers/depthwise-conv.js';
import { embedding } from './handlers/embedding.js';
import { concatenate, elementwiseMerge } from './handlers/merge.js';
import { batchNormalization, layerNormalization } from './handlers/normalization.js';
import { passThrough } from './handlers/pass-through.js';
import { gru, lstm, simpleRnn } from './handlers/recurrent.js';
import { flatten, reshape } from './handlers/reshape.js';
import { separableConv } from './handlers/separable-conv.js';
import type { LayerHandler } from './layer-handler.js';

/**
 * The one table of the tfjs layer classes pruning knows out of the box: one row per class, one
 * handler per layer family (in `handlers/`). The classes with `weights` come first, in the order
 * messages, the schema and the docs list them. Biases and normalization parameters are never
 * pruned on their own: they are a rounding error of the parameter count and pruning them hurts
 * accuracy far more than it saves (Han et al. 2015 prune only weights).
 *
 * `@tfjs-prune/schedules` keeps the prunable class names as a plain enum (it must not import tfjs);
 * `packages/callbacks/test/registry-contract.test.ts` holds it, and the docs, to this table.
 */
export const builtinLayers: Readonly<Record<string, LayerHandler>> = Object.freeze({
  Dense: dense,
  Conv1D: conv,
  Conv2D: conv,
  Conv3D: conv,
  Conv2DTranspose: convTranspose,
  SeparableConv2D: separableConv,
  DepthwiseConv2D: depthwiseConv,
  Embedding: embedding,
  LSTM: lstm,
  GRU: gru,
  SimpleRNN: simpleRnn,
  BatchNormalization: batchNormalization,
  LayerNormalization: layerNormalization,
  Activation: activation,
  Softmax: softmax,
  PReLU: prelu,
  ReLU: passThrough,
  LeakyReLU: passThrough,
  ELU: passThrough,
  ThresholdedReLU: passThrough,
  Dropout: passThrough,
  SpatialDropout1D: passThrough,
  GaussianNoise: passThrough,
  GaussianDropout: passThrough,
  AlphaDropout: passThrough,
  MaxPooling1D: passThrough,
  MaxPooling2D: passThrough,
  MaxPooling3D: passThrough,
  AveragePooling1D: passThrough,
  AveragePooling2D: passThrough,
  AveragePooling3D: passThrough,
  GlobalAveragePooling1D: passThrough,
  GlobalAveragePooling2D: passThrough,
  GlobalMaxPooling1D: passThrough,
  GlobalMaxPooling2D: passThrough,
  ZeroPadding2D: passThrough,
  Cropping2D: passThrough,
  UpSampling2D: passThrough,
  RepeatVector: passThrough,
  Add: elementwiseMerge,
  Subtract: elementwiseMerge,
  Multiply: elementwiseMerge,
  Average: elementwiseMerge,
  Maximum: elementwiseMerge,
  Minimum: elementwiseMerge,
  Concatenate: concatenate,
  Flatten: flatten,
  Reshape: reshape,
});
