/**
 * Every activation tfjs-layers has, by its serialized name, as tfjs computes it (same formulas,
 * same erf approximation), over [channels][cols] buffers. Element-wise ones map one value; the
 * softmax family works down each column, i.e. over the last axis.
 */
export type ElementwiseActivation = (x: number) => number;

const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** Abramowitz & Stegun 7.1.26, the approximation tfjs's Erf kernels use. */
function erf(value: number): number {
  const sign = Math.sign(value);
  const x = Math.abs(value);
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-x * x));
}

export const elementwiseActivations: Readonly<Record<string, ElementwiseActivation>> = {
  linear: (x) => x,
  relu: (x) => (x > 0 ? x : 0),
  relu6: (x) => (x > 0 ? (x < 6 ? x : 6) : 0),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  selu: (x) => (x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x)),
  sigmoid,
  hardSigmoid: (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5)),
  softplus,
  softsign: (x) => x / (1 + Math.abs(x)),
  tanh: Math.tanh,
  swish: (x) => x * sigmoid(x),
  mish: (x) => x * Math.tanh(softplus(x)),
  gelu: (x) => x * 0.5 * (1 + erf(x / Math.SQRT2)),
  gelu_new: (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))),
};

export const columnActivations = ['softmax', 'logSoftmax'] as const;
export type ColumnActivation = (typeof columnActivations)[number];

export function isSupportedActivation(name: string): boolean {
  return name in elementwiseActivations || (columnActivations as readonly string[]).includes(name);
}

/** out[c][j] = act(in[c][j]) for c < channels; both buffers [rows][cols] in `heap` (float offsets). */
export function applyActivation(name: string, data: Float32Array, from: number, to: number, channels: number, cols: number): void {
  if (name === 'softmax' || name === 'logSoftmax') {
    const log = name === 'logSoftmax';
    for (let j = 0; j < cols; j++) {
      let max = -Infinity;
      for (let c = 0; c < channels; c++) max = Math.max(max, data[from + c * cols + j]!);
      let sum = 0;
      for (let c = 0; c < channels; c++) sum += Math.exp(data[from + c * cols + j]! - max);
      const logSum = Math.log(sum);
      for (let c = 0; c < channels; c++) {
        const shifted = data[from + c * cols + j]! - max;
        data[to + c * cols + j] = log ? shifted - logSum : Math.exp(shifted) / sum;
      }
    }
    return;
  }
  const fn = elementwiseActivations[name];
  if (fn === undefined) throw new Error(`unsupported activation ${name}`);
  const end = channels * cols;
  if (name === 'linear') {
    if (from !== to) data.copyWithin(to, from, from + end);
    return;
  }
  for (let i = 0; i < end; i++) data[to + i] = fn(data[from + i]!);
}
