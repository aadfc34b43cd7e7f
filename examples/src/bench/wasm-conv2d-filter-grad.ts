import * as tf from '@tensorflow/tfjs-core';

type KernelFunc = tf.KernelConfig['kernelFunc'];
type Info = tf.TensorInfo;

/**
 * tfjs-backend-wasm 4.22 registers `Conv2D` and `Conv2DBackpropInput` but not
 * `Conv2DBackpropFilter`, so no Conv2D layer can be trained on wasm. It does register
 * `Conv3DBackpropFilterV2`, and a 2-D convolution is a 3-D one with depth 1: this kernel reshapes
 * x and dy to depth 1, calls wasm's own 3-D kernel and reshapes the result back. NHWC, stride 1
 * only (the 3-D kernel gives wrong results for strides > 1 here; LeNet-5 needs none), 'same' or
 * 'valid' padding, no dilation. Checked against the cpu backend in
 * examples/test/bench/wasm-conv2d-filter-grad.test.ts. Call once, before training; registering
 * again does nothing.
 */
export function registerWasmConv2dFilterGrad(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined) return;
  const reshape = tf.getKernel('Reshape', 'wasm')?.kernelFunc;
  const filter3d = tf.getKernel('Conv3DBackpropFilterV2', 'wasm')?.kernelFunc;
  if (reshape === undefined || filter3d === undefined) {
    throw new Error('registerWasmConv2dFilterGrad: import @tensorflow/tfjs-backend-wasm first');
  }
  const kernelFunc: KernelFunc = ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: Info; dy: Info };
    const { strides, pad, dataFormat, dilations, filterShape } = attrs as unknown as {
      strides: number | [number, number];
      pad: unknown;
      dataFormat: string;
      dilations?: number | [number, number];
      filterShape: [number, number, number, number];
    };
    const [sh, sw] = Array.isArray(strides) ? strides : [strides, strides];
    const [dh, dw] = dilations === undefined ? [1, 1] : Array.isArray(dilations) ? dilations : [dilations, dilations];
    if (dataFormat !== 'NHWC' || (pad !== 'same' && pad !== 'valid') || sh !== 1 || sw !== 1 || dh !== 1 || dw !== 1) {
      throw new Error(
        `Conv2DBackpropFilter on wasm (examples shim): only NHWC, stride 1, no dilation, 'same'/'valid' padding ` +
          `(got ${dataFormat}, strides ${sh}x${sw}, dilations ${dh}x${dw}, pad ${JSON.stringify(pad)}); use --backend cpu`,
      );
    }
    const call = (f: KernelFunc, inputs: Record<string, Info>, attrs: Record<string, unknown>) =>
      f({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as Info;
    const x5 = call(reshape, { x }, { shape: [x.shape[0], 1, ...x.shape.slice(1)] });
    const dy5 = call(reshape, { x: dy }, { shape: [dy.shape[0], 1, ...dy.shape.slice(1)] });
    const f5 = call(filter3d, { x: x5, dy: dy5 }, { strides: [1, 1, 1], pad, filterShape: [1, ...filterShape] });
    const out = call(reshape, { x: f5 }, { shape: filterShape });
    for (const t of [x5, dy5, f5]) (backend as tf.KernelBackend).disposeData(t.dataId);
    return out;
  };
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc });
}
