import { type Dataset, type LoadOptions, NUM_CLASSES, type Split } from './dataset.js';
import { DataFileError } from './data-file-error.js';
import { type IdxImages, type IdxLabels, parseIdxImages, parseIdxLabels, readIdxBytes } from './idx-file.js';
import { positiveInteger } from './positive-integer.js';
import { DataOptionError } from './data-option-error.js';

/** The standard MNIST file names, which Fashion-MNIST and KMNIST reuse. */
export const IDX_FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

/**
 * Loads the four standard IDX files from `dir` (each may be gzipped with a `.gz` suffix). The
 * official files are already in random order, so `trainSize` / `testSize` (default: all) take
 * the first images of each file and the test split stays the standard one; `seed` is unused.
 * Pixels are scaled from 0–255 to [0, 1].
 */
export function loadIdx(dir: string, options: LoadOptions = {}): Dataset {
  const train = readSplit(dir, 'train');
  const test = readSplit(dir, 'test');
  if (train.images.rows !== test.images.rows || train.images.cols !== test.images.cols) {
    throw new DataFileError(
      test.images.path,
      `images are ${test.images.rows}x${test.images.cols}, but ${train.images.path} has ${train.images.rows}x${train.images.cols}`,
    );
  }
  return {
    train: toSplit(train, 'trainSize', options.trainSize),
    test: toSplit(test, 'testSize', options.testSize),
    source: `idx:${dir}`,
  };
}

interface IdxPair {
  images: IdxImages;
  labels: IdxLabels;
}

function readSplit(dir: string, split: keyof typeof IDX_FILES): IdxPair {
  const names = IDX_FILES[split];
  const imageFile = readIdxBytes(dir, names.images);
  const images = parseIdxImages(imageFile.path, imageFile.bytes);
  const labelFile = readIdxBytes(dir, names.labels);
  const labels = parseIdxLabels(labelFile.path, labelFile.bytes);
  if (labels.count !== images.count) {
    throw new DataFileError(labels.path, `has ${labels.count} labels, but ${images.path} has ${images.count} images`);
  }
  const bad = labels.data.findIndex((label) => label >= NUM_CLASSES);
  if (bad !== -1) {
    throw new DataFileError(labels.path, `label at index ${bad} is ${labels.data[bad]}, expected 0-9`);
  }
  return { images, labels };
}

function toSplit({ images, labels }: IdxPair, name: string, size: number | undefined): Split {
  const count = size === undefined ? images.count : positiveInteger('loadIdx', name, size);
  if (count > images.count) {
    throw new DataOptionError(`loadIdx: ${name} ${count} is more than the ${images.count} images in ${images.path}`);
  }
  const pixels = images.rows * images.cols;
  const scaled = new Float32Array(count * pixels);
  for (let i = 0; i < scaled.length; i++) scaled[i] = (images.data[i] ?? 0) / 255;
  return {
    images: scaled,
    labels: labels.data.slice(0, count),
    count,
    imageShape: [images.rows, images.cols, 1],
  };
}
