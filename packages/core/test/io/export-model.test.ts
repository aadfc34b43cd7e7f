import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { exportModel, fileSystem, gzipSizeSync as gzipSize } from '../../src/node.js';
import { ExportError, formatExportReport } from '../../src/io/index.js';
import { seededRandom, setWeights, smallConvModel, useTempDirs, weightValues } from './fixtures.js';

const tempDir = useTempDirs();

async function manifestWeights(dir: string): Promise<tf.io.WeightsManifestEntry[]> {
  const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  return json.weightsManifest.flatMap((g) => g.weights);
}

/** Conv + Dense weights, about half of them pruned to exactly 0, the rest in [-1, 1). */
function halfPrunedConvModel(): tfl.Sequential {
  const model = smallConvModel();
  const random = seededRandom(42);
  setWeights(model, () => (random() < 0.5 ? 0 : random() * 2 - 1));
  return model;
}

/** Loads with stock tfjs (fileSystem only reads bytes; tfjs dequantizes) and returns the values. */
async function stockLoad(dir: string): Promise<Float32Array[]> {
  const loaded = await tfl.loadLayersModel(fileSystem(dir));
  const values = weightValues(loaded).map((w) => w.slice());
  loaded.dispose();
  return values;
}

describe('exportModel', () => {
  it('reports exact zero counts, sizes and the files written', async () => {
    const dir = await tempDir();
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 3, name: 'fc' })] });
    const kernel = [0, 1, 0, -2, 3, 0, 0, 4, 5, 0, 6, 7];
    const bias = [0, 1, -0];
    const values = [tf.tensor2d(kernel, [4, 3]), tf.tensor1d(bias)];
    model.setWeights(values);
    tf.dispose(values);

    const report = await exportModel(model, dir);

    const bytesOf = (xs: number[]) => new Uint8Array(Float32Array.from(xs).buffer);
    expect(report).toEqual({
      destination: dir,
      files: [path.join(dir, 'model.json'), path.join(dir, 'weights.bin')],
      quantize: 'none',
      weightsBytes: 60,
      weightsGzipBytes: gzipSize(bytesOf([...kernel, ...bias])),
      denseFloat32Bytes: 60,
      layers: [
        {
          layer: 'fc',
          weights: [
            { name: 'fc/kernel', shape: [4, 3], count: 12, zeros: 5, bytes: 48, gzipBytes: gzipSize(bytesOf(kernel)) },
            { name: 'fc/bias', shape: [3], count: 3, zeros: 2, bytes: 12, gzipBytes: gzipSize(bytesOf(bias)) },
          ],
          bytes: 60,
          gzipBytes: gzipSize(bytesOf(kernel)) + gzipSize(bytesOf(bias)),
          sparsity: 7 / 15,
        },
      ],
      totals: { params: 15, zeros: 7, sparsity: 7 / 15 },
      ratioRawVsDense: 1,
      ratioGzipVsDense: 60 / gzipSize(bytesOf([...kernel, ...bias])),
    });
    expect((await readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']);
    expect(await stockLoad(dir)).toEqual([Float32Array.from(kernel), Float32Array.from(bias)]);
    model.dispose();
  });

  /** tfjs-node users write `model.save('file://dir')`; the same URL was refused with a message recommending this very function. */
  it("takes tfjs-node's file:// spelling of a directory", async () => {
    const dir = await tempDir();
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [2], units: 2, name: 'fc' })] });
    const values = [tf.tensor2d([1, 0, -2, 3], [2, 2]), tf.tensor1d([0, 5])];
    model.setWeights(values);
    tf.dispose(values);
    const report = await exportModel(model, `file://${dir}`);
    expect(report.destination).toBe(dir);
    expect(report.files).toEqual([path.join(dir, 'model.json'), path.join(dir, 'weights.bin')]);
    expect(await stockLoad(dir)).toEqual([Float32Array.from([1, 0, -2, 3]), Float32Array.from([0, 5])]);
    model.dispose();
  });

  it("uint8: stock tfjs loads every weight within scale/2 and pruned zeros as exactly 0", async () => {
    const dir = await tempDir();
    const model = halfPrunedConvModel();
    const original = weightValues(model);

    const report = await exportModel(model, dir, { quantize: 'uint8' });
    const specs = await manifestWeights(dir);
    const loaded = await stockLoad(dir);

    expect(report.quantize).toBe('uint8');
    expect(report.weightsBytes).toBe(model.countParams());
    expect(report.ratioRawVsDense).toBe(4);
    for (const [i, values] of original.entries()) {
      const q = specs[i]?.quantization;
      expect(q).toEqual({ dtype: 'uint8', scale: expect.any(Number), min: expect.any(Number) });
      const tolerance = (q?.scale ?? 0) / 2 + 1e-6;
      const got = loaded[i] as Float32Array;
      values.forEach((v, j) => {
        if (v === 0) expect(got[j]).toBe(0);
        else expect(Math.abs((got[j] as number) - v)).toBeLessThanOrEqual(tolerance);
      });
    }
    model.dispose();
  });

  it('float16: stock tfjs loads every weight within float16 precision, zeros exactly 0', async () => {
    const dir = await tempDir();
    const model = halfPrunedConvModel();
    const original = weightValues(model);

    const report = await exportModel(model, dir, { quantize: 'float16' });
    const specs = await manifestWeights(dir);
    const loaded = await stockLoad(dir);

    expect(report.weightsBytes).toBe(model.countParams() * 2);
    expect(specs.map((s) => s.quantization)).toEqual(specs.map(() => ({ dtype: 'float16' })));
    for (const [i, values] of original.entries()) {
      const got = loaded[i] as Float32Array;
      values.forEach((v, j) => {
        if (v === 0) expect(got[j]).toBe(0);
        // Half of float16's 11-bit significand step, or half its smallest subnormal.
        else expect(Math.abs((got[j] as number) - v)).toBeLessThanOrEqual(Math.max(Math.abs(v) * 2 ** -11, 2 ** -25));
      });
    }
    model.dispose();
  });

  /**
   * The point of shipping a pruned model: at 90% zeros the download shrinks several-fold with
   * gzip alone and more than 10x with uint8. ~100k params and seeded values, so sizes are fixed.
   */
  it('a 90%-zero 100k-param Dense model gzips >= 4x smaller, and >= 10x with uint8', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [400], units: 250 })] });
    const random = seededRandom(2024);
    setWeights(model, () => (random() < 0.9 ? 0 : random() * 2 - 1));

    const plain = await exportModel(model, await tempDir());
    const uint8 = await exportModel(model, await tempDir(), { quantize: 'uint8' });
    const float16 = await exportModel(model, await tempDir(), { quantize: 'float16' });

    expect(plain.totals.params).toBe(100_250);
    expect(plain.totals.sparsity).toBeCloseTo(0.9, 2);
    expect(plain.denseFloat32Bytes).toBe(401_000);
    expect(plain.ratioGzipVsDense).toBeGreaterThanOrEqual(4);
    expect(uint8.ratioGzipVsDense).toBeGreaterThanOrEqual(10);
    expect(float16.ratioGzipVsDense).toBeGreaterThan(plain.ratioGzipVsDense);
    console.info(
      `sizes for 90% zeros: float32 ${plain.weightsGzipBytes} B gzip (${plain.ratioGzipVsDense.toFixed(2)}x), ` +
        `float16 ${float16.weightsGzipBytes} B (${float16.ratioGzipVsDense.toFixed(2)}x), ` +
        `uint8 ${uint8.weightsGzipBytes} B (${uint8.ratioGzipVsDense.toFixed(2)}x)`,
    );
    model.dispose();
  });

  /** A library does not print: the caller decides whether and where the table goes. */
  it('prints nothing; formatExportReport renders the report it returns', async () => {
    const model = smallConvModel();
    const spies = (['log', 'info', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m).mockImplementation(() => undefined));
    try {
      const report = await exportModel(model, await tempDir());
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      expect(formatExportReport(report)).toMatch(/^exported .*model\.json, .*weights\.bin \(quantize: none\)\nlayer +weight/);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    model.dispose();
  });

  it('rejects an unknown quantization instead of exporting unquantized', async () => {
    const model = smallConvModel();
    const options = { quantize: 'int8' } as unknown as { quantize: 'uint8' };
    const error = await exportModel(model, await tempDir(), options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect(error).toMatchObject({
      code: 'EXPORT_QUANTIZE',
      message: `exportModel: options.quantize must be 'float16' or 'uint8' (got "int8")`,
    });
    model.dispose();
  });

  it('leaks no tensors', async () => {
    const model = halfPrunedConvModel();
    const start = tf.memory().numTensors;
    for (const quantize of ['float16', 'uint8', undefined] as const) {
      const dir = await tempDir();
      await exportModel(model, dir, quantize ? { quantize } : {});
      (await tfl.loadLayersModel(fileSystem(dir))).dispose();
    }
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  });
});
