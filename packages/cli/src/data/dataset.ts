/** One split of an image-classification data set, as plain typed arrays (no tensors to leak). */
export interface Split {
  /** `count` images, row-major, one channel, values in [0, 1]: `count * rows * cols` floats. */
  images: Float32Array;
  /** Digit classes 0–9, one per image. */
  labels: Uint8Array;
  count: number;
  /** `[rows, cols, 1]`: `[28, 28, 1]` for MNIST and Fashion-MNIST. */
  imageShape: [number, number, 1];
}

export interface Dataset {
  train: Split;
  test: Split;
  /** Where the data came from, for logs and result files. */
  source: string;
}

export const NUM_CLASSES = 10;

export interface LoadOptions {
  /** Training images to keep. */
  trainSize?: number | undefined;
  /** Test images to keep. */
  testSize?: number | undefined;
  /** Seeds the shuffles that pick and order the samples. */
  seed?: number | undefined;
}
