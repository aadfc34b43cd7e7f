import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

import { DataFileError } from './data-file-error.js';

/** The parsed content of one IDX file: `data` is the payload after the header, unconverted. */
export interface IdxImages {
  path: string;
  count: number;
  rows: number;
  cols: number;
  data: Uint8Array;
}

export interface IdxLabels {
  path: string;
  count: number;
  data: Uint8Array;
}

const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

/** Reads `<dir>/<name>` or, failing that, `<dir>/<name>.gz`, gunzipping the latter. */
export function readIdxBytes(dir: string, name: string): { path: string; bytes: Buffer } {
  const candidates = [name, `${name}.gz`];
  const found = candidates.map((candidate) => join(dir, candidate)).find((path) => existsSync(path));
  if (found === undefined) {
    throw new DataFileError(join(dir, name), `not found; looked for ${candidates.join(', ')} in ${dir}`);
  }
  const raw = readFileSync(found);
  if (!found.endsWith('.gz')) return { path: found, bytes: raw };
  try {
    return { path: found, bytes: gunzipSync(raw) };
  } catch (error) {
    throw new DataFileError(found, `not valid gzip (${(error as Error).message})`, { cause: error });
  }
}

export function parseIdxImages(path: string, bytes: Buffer): IdxImages {
  checkHeader(path, bytes, IMAGES_MAGIC, 16, 'idx3 images');
  const count = bytes.readUInt32BE(4);
  const rows = bytes.readUInt32BE(8);
  const cols = bytes.readUInt32BE(12);
  if (rows === 0 || cols === 0) throw new DataFileError(path, `header says images are ${rows}x${cols}`);
  const expected = count * rows * cols;
  const data = payload(path, bytes, 16, expected, `${count} images of ${rows}x${cols}`);
  return { path, count, rows, cols, data };
}

export function parseIdxLabels(path: string, bytes: Buffer): IdxLabels {
  checkHeader(path, bytes, LABELS_MAGIC, 8, 'idx1 labels');
  const count = bytes.readUInt32BE(4);
  return { path, count, data: payload(path, bytes, 8, count, `${count} labels`) };
}

function checkHeader(path: string, bytes: Buffer, magic: number, headerBytes: number, what: string): void {
  if (bytes.length < headerBytes) {
    throw new DataFileError(path, `file is ${bytes.length} bytes, too short for the ${headerBytes}-byte ${what} header`);
  }
  const found = bytes.readUInt32BE(0);
  if (found === magic) return;
  // A gzipped file without the .gz suffix is the commonest way to get here.
  const hint = found >>> 16 === 0x1f8b ? ' (looks gzipped: name it with a .gz suffix)' : '';
  throw new DataFileError(path, `expected ${hex(magic)} (${what}), got ${hex(found)}${hint}`);
}

function payload(path: string, bytes: Buffer, offset: number, expected: number, what: string): Uint8Array {
  const available = bytes.length - offset;
  if (available < expected) {
    throw new DataFileError(path, `header says ${what} = ${expected} bytes, file has ${available}`);
  }
  return new Uint8Array(bytes.buffer, bytes.byteOffset + offset, expected);
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
