import * as tf from '@tensorflow/tfjs-core';

/** What build-demo writes beside digits.bin: how many digits of each split it holds. */
export interface DigitsManifest {
  readonly train: number;
  readonly test: number;
  readonly pixels: number;
}

export interface DigitSplit {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

export interface Digits {
  readonly train: DigitSplit;
  readonly test: DigitSplit;
  readonly pixels: number;
}

/**
 * The digits the build took from the `mnist` package: digits.bin holds, per split, the pixels
 * (one byte each, row-major) then the labels. One fetch, no decoding library.
 */
export async function fetchDigits(base = './'): Promise<Digits> {
  const manifest = (await (await fetch(`${base}digits.json`)).json()) as DigitsManifest;
  const bytes = new Uint8Array(await (await fetch(`${base}digits.bin`)).arrayBuffer());
  const expected = (manifest.train + manifest.test) * (manifest.pixels + 1);
  if (bytes.byteLength !== expected) {
    throw new Error(`digits.bin has ${bytes.byteLength} bytes, digits.json describes ${expected}`);
  }
  let offset = 0;
  const split = (count: number): DigitSplit => {
    const images = bytes.subarray(offset, offset + count * manifest.pixels);
    offset += count * manifest.pixels;
    const labels = bytes.subarray(offset, offset + count);
    offset += count;
    return { images, labels, count };
  };
  const train = split(manifest.train);
  return { train, test: split(manifest.test), pixels: manifest.pixels };
}

/** The first `count` digits as a [count, pixels] float tensor in [0, 1] and one-hot labels. */
export function toTensors(split: DigitSplit, pixels: number, count: number): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const n = Math.min(count, split.count);
  return tf.tidy(() => {
    const x = tf.div(tf.tensor2d(Float32Array.from(split.images.subarray(0, n * pixels)), [n, pixels]), 255) as tf.Tensor2D;
    const y = tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(split.labels.subarray(0, n)), 'int32'), 10), 'float32') as tf.Tensor2D;
    return { x, y };
  });
}
