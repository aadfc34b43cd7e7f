import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** IDX bytes built by hand, so the reader is checked against the format, not against itself. */
export function idxImages(count: number, rows: number, cols: number, pixel = (i: number) => i % 256): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x00000803, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(rows, 8);
  header.writeUInt32BE(cols, 12);
  return Buffer.concat([header, Buffer.from(Array.from({ length: count * rows * cols }, (_, i) => pixel(i)))]);
}

export function idxLabels(labels: readonly number[]): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(0x00000801, 0);
  header.writeUInt32BE(labels.length, 4);
  return Buffer.concat([header, Buffer.from(labels)]);
}

type IdxName = 'train-images-idx3-ubyte' | 'train-labels-idx1-ubyte' | 't10k-images-idx3-ubyte' | 't10k-labels-idx1-ubyte';

/** File contents by name; `undefined` leaves that file out. */
export type IdxFixture = { [name in IdxName]?: Buffer | undefined };

/** A valid 3x4 set: 5 train and 3 test images; spread it and override one file to break it. */
export function validFiles(): Record<IdxName, Buffer> {
  return {
    'train-images-idx3-ubyte': idxImages(5, 3, 4),
    'train-labels-idx1-ubyte': idxLabels([0, 1, 2, 9, 5]),
    't10k-images-idx3-ubyte': idxImages(3, 3, 4, (i) => 255 - i),
    't10k-labels-idx1-ubyte': idxLabels([7, 3, 0]),
  };
}

/** Writes the files to a fresh temp dir; `gzip` writes them as `<name>.gz` instead. */
export function writeIdxDir(files: IdxFixture, options: { gzip?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfjs-prune-idx-'));
  for (const [name, bytes] of Object.entries(files)) {
    if (bytes === undefined) continue;
    if (options.gzip === true) writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes));
    else writeFileSync(join(dir, name), bytes);
  }
  return dir;
}
