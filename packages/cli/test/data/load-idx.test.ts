import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterEach, describe, expect, it } from 'vitest';

import { DataFileError, loadIdx } from '../../src/data/index.js';
import { type IdxFixture, idxImages, idxLabels, validFiles, writeIdxDir } from './idx-fixtures.js';

const dirs: string[] = [];
function dirWith(files: IdxFixture, options: { gzip?: boolean } = {}): string {
  const dir = writeIdxDir(files, options);
  dirs.push(dir);
  return dir;
}
function thrown(load: () => unknown): Error {
  try {
    load();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadIdx', () => {
  it.each([false, true])('reads the four files (gzip: %s)', (gzip) => {
    const dir = dirWith(validFiles(), { gzip });
    const data = loadIdx(dir);

    expect(data.source).toBe(`idx:${dir}`);
    expect(data.train.count).toBe(5);
    expect(data.train.imageShape).toEqual([3, 4, 1]);
    expect(Array.from(data.train.labels)).toEqual([0, 1, 2, 9, 5]);
    expect(data.train.images).toHaveLength(5 * 12);
    expect(data.train.images[13]).toBeCloseTo(13 / 255, 6);
    expect(data.test.count).toBe(3);
    expect(Array.from(data.test.labels)).toEqual([7, 3, 0]);
    expect(data.test.images[0]).toBe(1);
    expect(data.test.images[35]).toBeCloseTo((255 - 35) / 255, 6);
  });

  it('takes the first trainSize / testSize images', () => {
    const data = loadIdx(dirWith(validFiles()), { trainSize: 2, testSize: 1 });
    expect(Array.from(data.train.labels)).toEqual([0, 1]);
    expect(data.train.images).toHaveLength(2 * 12);
    expect(data.test.count).toBe(1);
  });

  it('rejects sizes beyond the file', () => {
    const dir = dirWith(validFiles());
    expect(() => loadIdx(dir, { trainSize: 6 })).toThrow(
      `loadIdx: trainSize 6 is more than the 5 images in ${join(dir, 'train-images-idx3-ubyte')}`,
    );
    expect(() => loadIdx(dir, { testSize: 0 })).toThrow('loadIdx: testSize must be a positive integer (got 0)');
  });
});

describe('loadIdx errors name the file and the problem', () => {
  const cases: { name: string; file: keyof IdxFixture; bytes: Buffer | undefined; message: string }[] = [
    {
      name: 'missing file',
      file: 't10k-labels-idx1-ubyte',
      bytes: undefined,
      message: 'not found; looked for t10k-labels-idx1-ubyte, t10k-labels-idx1-ubyte.gz in DIR',
    },
    {
      name: 'bad image magic',
      file: 'train-images-idx3-ubyte',
      bytes: Buffer.concat([Buffer.from([0, 0, 9, 0x99]), idxImages(5, 3, 4).subarray(4)]),
      message: 'expected 0x00000803 (idx3 images), got 0x00000999',
    },
    {
      name: 'bad label magic',
      file: 'train-labels-idx1-ubyte',
      bytes: idxImages(5, 3, 4),
      message: 'expected 0x00000801 (idx1 labels), got 0x00000803',
    },
    {
      name: 'gzipped without .gz',
      file: 'train-images-idx3-ubyte',
      bytes: gzipSync(idxImages(5, 3, 4)),
      message: 'expected 0x00000803 (idx3 images), got 0x1f8b0800 (looks gzipped: name it with a .gz suffix)',
    },
    {
      name: 'truncated images',
      file: 'train-images-idx3-ubyte',
      bytes: idxImages(5, 3, 4).subarray(0, 16 + 50),
      message: 'header says 5 images of 3x4 = 60 bytes, file has 50',
    },
    {
      name: 'truncated labels',
      file: 'train-labels-idx1-ubyte',
      bytes: idxLabels([0, 1, 2, 9, 5]).subarray(0, 10),
      message: 'header says 5 labels = 5 bytes, file has 2',
    },
    {
      name: 'header cut short',
      file: 't10k-images-idx3-ubyte',
      bytes: idxImages(3, 3, 4).subarray(0, 10),
      message: 'file is 10 bytes, too short for the 16-byte idx3 images header',
    },
    {
      name: 'label count differs from image count',
      file: 'train-labels-idx1-ubyte',
      bytes: idxLabels([0, 1, 2, 3]),
      message: `has 4 labels, but DIR/train-images-idx3-ubyte has 5 images`,
    },
    {
      name: 'label out of range',
      file: 't10k-labels-idx1-ubyte',
      bytes: idxLabels([7, 12, 0]),
      message: 'label at index 1 is 12, expected 0-9',
    },
    {
      name: 'test images of another size',
      file: 't10k-images-idx3-ubyte',
      bytes: idxImages(3, 4, 4),
      message: 'images are 4x4, but DIR/train-images-idx3-ubyte has 3x4',
    },
  ];

  it.each(cases)('$name', ({ file, bytes, message }) => {
    const dir = dirWith({ ...validFiles(), [file]: bytes });
    const expected = `${join(dir, file)}: ${message.replaceAll('DIR/', `${dir}/`).replaceAll('DIR', dir)}`;
    const error = thrown(() => loadIdx(dir));
    expect(error).toBeInstanceOf(DataFileError);
    expect(error.message).toBe(expected);
  });

  it('reports a corrupt .gz file', () => {
    const dir = dirWith({ ...validFiles(), 'train-images-idx3-ubyte': undefined });
    writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), Buffer.from('not gzip at all'));
    expect(thrown(() => loadIdx(dir)).message).toBe(
      `${join(dir, 'train-images-idx3-ubyte.gz')}: not valid gzip (incorrect header check)`,
    );
  });
});
