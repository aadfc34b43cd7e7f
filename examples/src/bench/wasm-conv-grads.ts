import * as tf from '@tensorflow/tfjs-core';

import { cpuDelegate, type KernelFunc } from './wasm-cpu-fallback.js';

type Info = tf.TensorInfo;
type Pair = [number, number];
type Run = (kernel: string, inputs: Record<string, Info>, attrs: Record<string, unknown>) => Info;

/**
 * The four convolution gradients the benchmark CNNs need on wasm, each rewritten as one forward
 * convolution (XNNPACK, like the forward pass) between layout changes:
 * - tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropFilter`
 *   or `DepthwiseConv2dNativeBackpropInput`, and its `Conv2DBackpropInput` is a plain loop ~15x
 *   slower than the forward convolution; the stride-1 stand-in in wasm-conv2d-filter-grad.ts is
 *   ~30x slower (wasm's 3-D filter gradient is a plain loop too).
 * - filter gradient: dW[i,j] = Σ x[y·s+i, x·s+j]·dy[y,x] is a convolution of the padded input
 *   with dy as the filter, dilated by the stride, batch and channel axes swapped; for a depthwise
 *   kernel the batch goes into the channels and is summed afterwards.
 * - input gradient: a stride-1 convolution of dy (zeros inserted between rows and columns for a
 *   stride > 1) with the kernel flipped spatially (and in/out swapped for Conv2D).
 * NHWC, no dilation, depth multiplier 1; anything else goes to the kernel registered before (wasm's
 * own) or, where there is none, to the cpu backend's kernel (wasm-cpu-fallback.ts), so nothing is
 * refused. Checked against the cpu backend in examples/test/bench/wasm-conv-grads.test.ts.
 * Call once after the wasm backend is imported; calling again does nothing.
 */
export function registerWasmConvGrads(): void {
  for (const [kernelName, fast] of Object.entries(FAST_PATHS)) {
    const existing = tf.getKernel(kernelName, 'wasm');
    if ((existing?.kernelFunc as { fastConvGrad?: true } | undefined)?.fastConvGrad === true) continue;
    const fallback = existing?.kernelFunc ?? cpuDelegate(kernelName);
    const kernelFunc: KernelFunc = (args) => {
      const backend = args.backend as tf.KernelBackend;
      const temporaries: Info[] = [];
      const run: Run = (kernel, inputs, attrs) => {
        const f = tf.getKernel(kernel, 'wasm')?.kernelFunc;
        if (f === undefined) throw new Error(`registerWasmConvGrads: wasm has no ${kernel} kernel (import @tensorflow/tfjs-backend-wasm first)`);
        const out = f({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as Info;
        temporaries.push(out);
        return out;
      };
      const attrs = args.attrs as unknown as ConvAttrs;
      const inputs = args.inputs as Record<string, Info>;
      if (!usesFastPath(kernelName, inputs, attrs)) return fallback(args);
      let result: Info | undefined;
      try {
        result = fast(run, inputs, attrs);
        return result;
      } finally {
        for (const t of temporaries) if (t !== result) backend.disposeData(t.dataId);
      }
    };
    Object.assign(kernelFunc, { fastConvGrad: true });
    if (existing !== undefined) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
}

export interface ConvAttrs {
  strides: number | Pair;
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: string;
  dilations?: number | Pair;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape?: [number, number, number, number];
  inputShape?: [number, number, number, number];
}

const pair = (v: number | Pair | undefined): Pair => (v === undefined ? [1, 1] : Array.isArray(v) ? v : [v, v]);

/** Whether a call takes the fast path (exported for its test); otherwise it goes to the fallback. */
export function usesFastPath(kernelName: string, inputs: Record<string, Info>, attrs: ConvAttrs): boolean {
  const [dh, dw] = pair(attrs.dilations);
  const depthMultiplier = kernelName.startsWith('Depthwise') ? (attrs.filterShape ?? inputs.filter?.shape)?.[3] : 1;
  return (attrs.dataFormat === undefined || attrs.dataFormat === 'NHWC') && dh === 1 && dw === 1 && depthMultiplier === 1;
}

/** The forward convolution's geometry, which the gradients share. */
function geometry(xShape: number[], filterShape: number[], attrs: ConvAttrs, depthwise: boolean) {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
  );
}

function filterGrad(run: Run, x: Info, dy: Info, attrs: ConvAttrs, depthwise: boolean): Info {
  const filterShape = attrs.filterShape as [number, number, number, number];
  const info = geometry(x.shape, filterShape, attrs, depthwise);
  const { top, bottom, left, right } = info.padInfo;
  const [kh, kw] = filterShape;
  const [b, , , c] = x.shape as [number, number, number, number];
  const [, ho, wo, co] = dy.shape as [number, number, number, number];
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

function inputGrad(run: Run, dy: Info, filter: Info, attrs: ConvAttrs, depthwise: boolean): Info {
  const inputShape = attrs.inputShape as [number, number, number, number];
  const info = geometry(inputShape, filter.shape, attrs, depthwise);
  const [kh, kw] = filter.shape as [number, number];
  const [sh, sw] = [info.strideHeight, info.strideWidth];
  const [b, ho, wo, co] = dy.shape as [number, number, number, number];
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

const FAST_PATHS: Record<string, (run: Run, inputs: Record<string, Info>, attrs: ConvAttrs) => Info> = {
  Conv2DBackpropFilter: (run, { x, dy }, attrs) => filterGrad(run, x as Info, dy as Info, attrs, false),
  Conv2DBackpropInput: (run, { dy, filter }, attrs) => inputGrad(run, dy as Info, filter as Info, attrs, false),
  DepthwiseConv2dNativeBackpropFilter: (run, { x, dy }, attrs) => filterGrad(run, x as Info, dy as Info, attrs, true),
  DepthwiseConv2dNativeBackpropInput: (run, { dy, filter }, attrs) => inputGrad(run, dy as Info, filter as Info, attrs, true),
};
