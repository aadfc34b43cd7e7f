import * as tf from '@tensorflow/tfjs-core';

type Info = tf.TensorInfo;
type Pair = [number, number];
type Shape4 = [number, number, number, number];

/** Runs one wasm kernel; the caller frees what it returns unless it is the result. */
export type RunKernel = (kernel: string, inputs: Record<string, Info>, attrs: Record<string, unknown>) => Info;

/** The attributes tfjs passes to the four convolution gradient kernels. */
export interface ConvGradAttrs {
  strides: number | Pair;
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: string;
  dilations?: number | Pair;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape?: Shape4;
  inputShape?: Shape4;
}

const pair = (v: number | Pair | undefined): Pair => (v === undefined ? [1, 1] : Array.isArray(v) ? v : [v, v]);

/**
 * Whether a call is one the rewrites below compute: NHWC without dilation, which is every call
 * tfjs's own gradients make (they refuse dilation > 1, and tfjs-layers always convolves NHWC).
 */
export function isFastConvGradCall(attrs: ConvGradAttrs): boolean {
  const [dh, dw] = pair(attrs.dilations);
  return (attrs.dataFormat === undefined || attrs.dataFormat === 'NHWC') && dh === 1 && dw === 1;
}

/**
 * The four convolution gradients, each rewritten as one forward convolution (XNNPACK on wasm)
 * between layout changes:
 * - filter gradient: dW[i,j] = Σ x[y·s+i, x·s+j]·dy[y,x] is a convolution of the padded input
 *   with dy as the filter, dilated by the stride, batch and channel axes swapped; for a depthwise
 *   kernel the batch goes into the channels and is summed afterwards;
 * - input gradient: a stride-1 convolution of dy (zeros inserted between rows and columns for a
 *   stride > 1) with the kernel flipped spatially (in and out swapped for Conv2D);
 * - a depth multiplier m > 1 is m interleaved depthwise convolutions of multiplier 1: x repeated
 *   m times per channel for the filter gradient, the m input gradients summed per channel.
 */
export const CONV_GRADIENTS: Readonly<Record<string, (run: RunKernel, inputs: Record<string, Info>, attrs: ConvGradAttrs) => Info>> = {
  Conv2DBackpropFilter: (run, { x, dy }, attrs) => filterGrad(run, x!, dy!, attrs.filterShape!, attrs, false),
  Conv2DBackpropInput: (run, { dy, filter }, attrs) => inputGrad(run, dy!, filter!, attrs.inputShape!, attrs, false),
  DepthwiseConv2dNativeBackpropFilter: (run, { x, dy }, attrs) => depthwiseFilterGrad(run, x!, dy!, attrs),
  DepthwiseConv2dNativeBackpropInput: (run, { dy, filter }, attrs) => depthwiseInputGrad(run, dy!, filter!, attrs),
};

function depthwiseFilterGrad(run: RunKernel, x: Info, dy: Info, attrs: ConvGradAttrs): Info {
  const [kh, kw, c, m] = attrs.filterShape!;
  if (m === 1) return filterGrad(run, x, dy, attrs.filterShape!, attrs, true);
  const [b, h, w] = x.shape as Shape4;
  const repeated = run('Tile', { x: run('Reshape', { x }, { shape: [b, h, w, c, 1] }) }, { reps: [1, 1, 1, 1, m] });
  const spread = run('Reshape', { x: repeated }, { shape: [b, h, w, c * m] });
  const grad = filterGrad(run, spread, dy, [kh, kw, c * m, 1], attrs, true);
  return run('Reshape', { x: grad }, { shape: [kh, kw, c, m] });
}

function depthwiseInputGrad(run: RunKernel, dy: Info, filter: Info, attrs: ConvGradAttrs): Info {
  const [kh, kw, c, m] = filter.shape as Shape4;
  if (m === 1) return inputGrad(run, dy, filter, attrs.inputShape!, attrs, true);
  const [b, h, w] = attrs.inputShape!;
  const flat = run('Reshape', { x: filter }, { shape: [kh, kw, c * m, 1] });
  const perCopy = inputGrad(run, dy, flat, [b, h, w, c * m], attrs, true);
  const split = run('Reshape', { x: perCopy }, { shape: [b, h, w, c, m] });
  return run('Sum', { x: split }, { axis: [4], keepDims: false });
}

/** The forward convolution's geometry, which the gradients share. */
function geometry(xShape: number[], filterShape: number[], attrs: ConvGradAttrs, depthwise: boolean) {
  return tf.backend_util.computeConv2DInfo(xShape as Shape4, filterShape as Shape4, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, depthwise);
}

function filterGrad(run: RunKernel, x: Info, dy: Info, filterShape: Shape4, attrs: ConvGradAttrs, depthwise: boolean): Info {
  const info = geometry(x.shape, filterShape, attrs, depthwise);
  const { top, bottom, left, right } = info.padInfo;
  const [kh, kw] = filterShape;
  const [b, , , c] = x.shape as Shape4;
  const [, ho, wo, co] = dy.shape as Shape4;
  const convAttrs = { strides: 1, dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth], pad: [[0, 0], [top, bottom], [left, right], [0, 0]] };
  if (!depthwise) {
    // Channels become the batch, the batch becomes the channels summed over by the convolution.
    const xT = run('Transpose', { x }, { perm: [3, 1, 2, 0] });
    const dyT = run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
    const out = run('Conv2D', { x: xT, filter: dyT }, convAttrs);
    const cropped = run('Slice', { x: out }, { begin: [0, 0, 0, 0], size: [c, kh, kw, co] });
    return run('Transpose', { x: cropped }, { perm: [1, 2, 0, 3] });
  }
  // Batch × channels become one image's channels, each filtered by its own dy; then Σ over batch.
  const xT = run('Reshape', { x: run('Transpose', { x }, { perm: [1, 2, 0, 3] }) }, { shape: [1, x.shape[1], x.shape[2], b * c] });
  const dyT = run('Reshape', { x: run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }) }, { shape: [ho, wo, b * c, 1] });
  const out = run('DepthwiseConv2dNative', { x: xT, filter: dyT }, convAttrs);
  const cropped = run('Slice', { x: out }, { begin: [0, 0, 0, 0], size: [1, kh, kw, b * c] });
  const summed = run('Sum', { x: run('Reshape', { x: cropped }, { shape: [kh, kw, b, c] }) }, { axis: [2], keepDims: false });
  return run('Reshape', { x: summed }, { shape: filterShape });
}

function inputGrad(run: RunKernel, dy: Info, filter: Info, inputShape: Shape4, attrs: ConvGradAttrs, depthwise: boolean): Info {
  const info = geometry(inputShape, filter.shape, attrs, depthwise);
  const [kh, kw] = filter.shape as Shape4;
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const [b, ho, wo, co] = dy.shape as Shape4;
  // Zeros between dy's rows and columns turn a strided convolution's gradient into a stride-1 one.
  let spread = dy;
  if (sh > 1 || sw > 1) {
    const six = run('Reshape', { x: dy }, { shape: [b, ho, 1, wo, 1, co] });
    const padded = run('PadV2', { x: six }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
    spread = run('Reshape', { x: padded }, { shape: [b, ho * sh, wo * sw, co] });
  }
  // Rows past H + pad_top never reach an input position; a negative bottom padding crops them.
  const top = kh - 1 - info.padInfo.top;
  const left = kw - 1 - info.padInfo.left;
  const bottom = inputShape[1] + info.padInfo.top - ho * sh;
  const right = inputShape[2] + info.padInfo.left - wo * sw;
  if (bottom < 0 || right < 0) {
    spread = run('Slice', { x: spread }, { begin: [0, 0, 0, 0], size: [b, ho * sh + Math.min(0, bottom), wo * sw + Math.min(0, right), co] });
  }
  const flipped = run('Reverse', { x: filter }, { dims: [0, 1] });
  const kernel = depthwise ? flipped : run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
  const pad = [[0, 0], [top, Math.max(0, bottom)], [left, Math.max(0, right)], [0, 0]];
  return run(depthwise ? 'DepthwiseConv2dNative' : 'Conv2D', { x: spread, filter: kernel }, { strides: 1, dataFormat: 'NHWC', dilations: 1, pad });
}
