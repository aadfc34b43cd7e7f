import type { ChannelHandler } from './channel-handler.js';
import {
  activation,
  batchNormalization,
  concatenate,
  depthwiseConv,
  elementwiseMerge,
  flatten,
  mixesChannels,
  passThrough,
  prelu,
  reshape,
} from './handlers/channelwise.js';
import { conv, convTranspose, dense, embedding, separableConv } from './handlers/producers.js';
import { gru, lstm, simpleRnn } from './handlers/recurrent.js';

const PASS_THROUGH = [
  'ReLU', 'LeakyReLU', 'ELU', 'ThresholdedReLU',
  'Dropout', 'SpatialDropout1D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout',
  'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
  'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D',
  'ZeroPadding2D', 'Cropping2D', 'UpSampling2D', 'RepeatVector',
] as const;

/**
 * The one table of how each layer class moves channels. Nested models are walked, not looked up;
 * a class missing here leaves every channel that touches it unpruned (and says so).
 */
const CHANNEL_HANDLERS = new Map<string, ChannelHandler>([
  ['Dense', dense],
  ['Conv1D', conv],
  ['Conv2D', conv],
  ['Conv3D', conv],
  ['Conv2DTranspose', convTranspose],
  ['SeparableConv2D', separableConv],
  ['DepthwiseConv2D', depthwiseConv],
  ['Embedding', embedding],
  ['LSTM', lstm],
  ['GRU', gru],
  ['SimpleRNN', simpleRnn],
  ['BatchNormalization', batchNormalization],
  ['PReLU', prelu],
  ['LayerNormalization', mixesChannels('normalizes over all channels')],
  ['Softmax', mixesChannels('normalizes over all channels')],
  ['Activation', activation],
  ['Add', elementwiseMerge],
  ['Subtract', elementwiseMerge],
  ['Multiply', elementwiseMerge],
  ['Average', elementwiseMerge],
  ['Maximum', elementwiseMerge],
  ['Minimum', elementwiseMerge],
  ['Concatenate', concatenate],
  ['Flatten', flatten],
  ['Reshape', reshape],
  ...PASS_THROUGH.map((name) => [name, passThrough] as const),
]);

export function channelHandlerFor(className: string): ChannelHandler | undefined {
  return CHANNEL_HANDLERS.get(className);
}

/** Teaches the graph a custom layer class (or overrides a built-in one). */
export function registerChannelHandler(className: string, handler: ChannelHandler): void {
  CHANNEL_HANDLERS.set(className, handler);
}
